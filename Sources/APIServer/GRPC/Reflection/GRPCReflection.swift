import FlintAPI
import NIOCore
import NIOHTTP2
import Wire

/// gRPC server reflection, `grpc.reflection.v1` and `v1alpha` (the same messages under two
/// package names): ServerReflectionInfo, a bidirectional stream of requests, each
/// answered in turn. Serves list_services (every service the router serves, and
/// reflection itself), file_by_filename and file_containing_symbol (from proto/'s
/// descriptor set, each file with its dependencies); the extension queries answer
/// UNIMPLEMENTED in an error_response, as proto3 files define no extensions. Needs no key,
/// like Health: it describes the API, nothing of any caller.
struct GRPCReflection: Sendable {
    static let services = ["grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"]
    static let paths: Set<String> = Set(services.map { "/\($0)/ServerReflectionInfo" })
    /// The largest reflection request taken, in bytes (a symbol or file name).
    static let maxRequestBytes = 4 << 10
    /// The longest one reflection stream stays open.
    static let maxDuration: Duration = .seconds(60)

    let index: DescriptorIndex
    /// The services to list: the router's and reflection's own.
    let listedServices: [String]

    init(router: Router, index: DescriptorIndex = .flint) {
        self.index = index
        let routed = Set(router.paths.compactMap { $0.split(separator: "/").first.map(String.init) })
        self.listedServices = (routed.union(Self.services)).sorted()
    }

    /// The response to one ServerReflectionRequest (its bytes), as ServerReflectionResponse bytes.
    func respond(to request: ArraySlice<UInt8>) -> [UInt8] {
        var reader = ProtobufFieldReader(request)
        var host = ""
        var query: (field: UInt32, text: String)?
        // ServerReflectionRequest: host = 1, file_by_filename = 3, file_containing_symbol = 4,
        // file_containing_extension = 5, all_extension_numbers_of_type = 6, list_services = 7.
        do {
            while let (field, value) = try reader.next() {
                if field == 1 { host = value.string ?? "" } else if (3...7).contains(field) { query = (field, value.string ?? "") }
            }
        } catch {
            return response(host: host, request: request) { $0.message(7) { Self.error(&$0, .invalidArgument, "undecodable ServerReflectionRequest") } }
        }
        return response(host: host, request: request) { writer in
            switch query {
            case (7, _)?:
                // list_services_response = 6: ListServiceResponse { repeated ServiceResponse service = 1 { name = 1 } }.
                writer.message(6) { list in
                    for service in listedServices { list.message(1) { $0.string(1, service) } }
                }
            case (3, let name)?:
                files(&writer, index.fileWithDependencies(name), missing: "no file \(PrintableText.of(name))")
            case (4, let symbol)?:
                let file = index.fileBySymbol[symbol]
                files(&writer, file.map(index.fileWithDependencies) ?? [], missing: "no symbol \(PrintableText.of(symbol))")
            case (5, _)?, (6, _)?:
                writer.message(7) { Self.error(&$0, .unimplemented, "Flint's protos define no extensions") }
            default:
                writer.message(7) { Self.error(&$0, .invalidArgument, "the request names no query") }
            }
        }
    }

    /// ServerReflectionResponse: valid_host = 1, original_request = 2, then the answer.
    private func response(host: String, request: ArraySlice<UInt8>, _ answer: (inout ProtobufFieldWriter) -> Void) -> [UInt8] {
        var writer = ProtobufFieldWriter()
        if !host.isEmpty { writer.string(1, host) }
        writer.bytes(2, request)
        answer(&writer)
        return writer.bytes
    }

    /// file_descriptor_response = 4: FileDescriptorResponse { repeated bytes file_descriptor_proto = 1 }.
    private func files(_ writer: inout ProtobufFieldWriter, _ files: [DescriptorIndex.File], missing: String) {
        guard !files.isEmpty else {
            writer.message(7) { Self.error(&$0, .notFound, missing) }
            return
        }
        writer.message(4) { response in
            for file in files { response.bytes(1, file.bytes) }
        }
    }

    /// ErrorResponse: error_code = 1, error_message = 2.
    private static func error(_ writer: inout ProtobufFieldWriter, _ code: StatusCode, _ message: String) {
        writer.varint(1, UInt64(code.rawValue))
        writer.string(2, message)
    }

    /// Serves one ServerReflectionInfo stream: a response per request message, until the
    /// client half-closes (then OK) or a framing error. The caller bounds its duration.
    func serve(
        _ frames: inout NIOAsyncChannelInboundStream<HTTP2Frame.FramePayload>.AsyncIterator, requestEnded: Bool, sink: GRPCResponseSink
    ) async throws {
        var deframer = GRPCMessageDeframer(maxMessageBytes: Self.maxRequestBytes)
        var status = RPCStatus(code: .ok)
        var ended = requestEnded
        do {
            while !ended, let frame = try await frames.next() {
                switch frame {
                case .data(let data):
                    guard case .byteBuffer(let bytes) = data.data else { continue }
                    for message in try deframer.append(bytes) {
                        let response = respond(to: Array(message.readableBytesView)[...])
                        try await sink.frameSink.write(Frame(type: .message, streamID: 0, payload: ByteBuffer(bytes: response)))
                    }
                    ended = data.endStream
                case .headers:
                    ended = true
                default:
                    continue
                }
            }
        } catch let error as RPCError {
            status = error.status(requestID: "")
        }
        try await sink.end(status)
    }
}
