internal import CFlintProto

/// The `google.protobuf.FileDescriptorSet` of proto/flint/v1, with its comments, as
/// scripts/generate-protos.sh made it (also published as proto/flint-v1.protoset): what
/// gRPC server reflection serves, so stock tools need no proto files.
public enum DescriptorSet {
    public static let bytes: [UInt8] = Array(UnsafeBufferPointer(start: flint_descriptor_set_bytes(), count: flint_descriptor_set_size))
}
