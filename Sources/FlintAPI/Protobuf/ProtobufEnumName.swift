internal import CFlintProto
internal import CProtobufC

/// A Swift struct standing for an open proto enum: `description` is the proto name of the
/// value, looked up in the descriptor protoc-c generated, so the names never drift from
/// the .proto. A value this build does not know reads "<Type>(<raw value>)".
protocol ProtobufEnumNamed: RawRepresentable, CustomStringConvertible where RawValue == UInt32 {
    /// The generated enum descriptor (a copy will do: only its static tables are read).
    static var enumDescriptor: ProtobufCEnumDescriptor { get }
}

extension ProtobufEnumNamed {
    public var description: String {
        var descriptor = Self.enumDescriptor
        let value = protobuf_c_enum_descriptor_get_value(&descriptor, Int32(bitPattern: rawValue))
        guard let name = value?.pointee.name else { return "\(Self.self)(\(rawValue))" }
        return String(cString: name)
    }
}

extension StatusCode: CustomStringConvertible, ProtobufEnumNamed {
    static var enumDescriptor: ProtobufCEnumDescriptor { flint__v1__status_code__descriptor }
}

extension QuotaScope: CustomStringConvertible, ProtobufEnumNamed {
    static var enumDescriptor: ProtobufCEnumDescriptor { flint__v1__quota_scope__descriptor }
}

extension QuotaLimit: CustomStringConvertible, ProtobufEnumNamed {
    static var enumDescriptor: ProtobufCEnumDescriptor { flint__v1__quota_limit__descriptor }
}

extension HealthCheckResponse.ServingStatus: CustomStringConvertible, ProtobufEnumNamed {
    static var enumDescriptor: ProtobufCEnumDescriptor {
        flint__v1__health_check_response__serving_status__descriptor
    }
}
