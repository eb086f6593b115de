import NIOCore
import FlintAPI

/// A method a server serves, working on the raw request message.
public protocol RPCMethod: Sendable {
    associatedtype Request: ProtobufMessage
    associatedtype Response: ProtobufMessage
    /// One response message, or a stream of them.
    static var streaming: MethodStreaming { get }

    /// Serves one call: decodes `request`, writes the response through `writer`, and
    /// returns normally for OK or throws an ``RPCError`` for any other status.
    func serve(request: ByteBuffer, context: ServerCallContext, writer: ResponseWriter) async throws
}

extension ProtobufMessage {
    /// Decodes a request message, or fails the call with INVALID_ARGUMENT (RESOURCE_EXHAUSTED
    /// when decoding would take more than its memory budget).
    static func decodeRequest(_ buffer: ByteBuffer) throws(RPCError) -> Self {
        do {
            return try Self(protobufBytes: Array(buffer: buffer))
        } catch where error.code == .tooLarge {
            throw RPCError(.resourceExhausted, "\(Self.self) message: \(error.message)", details: [.errorInfo(ErrorInfo(reason: "REQUEST_TOO_LARGE"))])
        } catch {
            throw RPCError(.invalidArgument, "undecodable \(Self.self) message: \(error)")
        }
    }
}

/// A request checked into one prepared value before anything is spent: the value says
/// how many model tokens admission reserves, and the handler works on it, never on the
/// request again.
public protocol AdmissionEstimate: Sendable {
    /// The model tokens to reserve at admission (prompt + max output tokens).
    var estimatedTokens: UInt64 { get }
}

/// Decodes the request, prepares it, and reserves the tokens the prepared value asks for
/// (the request itself was taken before its message was read, see ``CallMeter``).
private func admitted<Request: ProtobufMessage, Prepared: AdmissionEstimate>(
    _ buffer: ByteBuffer, _ context: ServerCallContext, prepare: (Request, ServerCallContext) async throws -> Prepared
) async throws -> Prepared {
    let prepared = try await prepare(try Request.decodeRequest(buffer), context)
    if prepared.estimatedTokens > 0 { try context.meter.reserve(tokens: prepared.estimatedTokens) }
    return prepared
}

/// A request that needs no preparation and reserves no model tokens.
struct Unprepared<Request: ProtobufMessage>: AdmissionEstimate {
    var request: Request
    var estimatedTokens: UInt64 { 0 }
}

/// One request message in, one response message out.
public struct UnaryMethod<Request: ProtobufMessage, Response: ProtobufMessage>: RPCMethod {
    public static var streaming: MethodStreaming { .unary }
    private let body: @Sendable (Request, ServerCallContext) async throws -> Response

    public init(_ body: @escaping @Sendable (Request, ServerCallContext) async throws -> Response) {
        self.body = body
    }

    public func serve(request: ByteBuffer, context: ServerCallContext, writer: ResponseWriter) async throws {
        let prepared = try await admitted(request, context) { (request: Request, _) in Unprepared(request: request) }
        try await writer.send(try await body(prepared.request, context))
    }
}

/// One request message in, prepared once, one response message out.
public struct PreparedUnaryMethod<Request: ProtobufMessage, Prepared: AdmissionEstimate, Response: ProtobufMessage>: RPCMethod {
    public static var streaming: MethodStreaming { .unary }
    private let prepare: @Sendable (Request, ServerCallContext) async throws -> Prepared
    private let body: @Sendable (Prepared, ServerCallContext) async throws -> Response

    public init(
        prepare: @escaping @Sendable (Request, ServerCallContext) async throws -> Prepared,
        _ body: @escaping @Sendable (Prepared, ServerCallContext) async throws -> Response
    ) {
        self.prepare = prepare
        self.body = body
    }

    public func serve(request: ByteBuffer, context: ServerCallContext, writer: ResponseWriter) async throws {
        try await writer.send(try await body(try await admitted(request, context, prepare: prepare), context))
    }
}

/// One request message in, prepared once, any number of response messages out.
public struct PreparedStreamingMethod<Request: ProtobufMessage, Prepared: AdmissionEstimate, Response: ProtobufMessage>: RPCMethod {
    public static var streaming: MethodStreaming { .serverStreaming }
    private let prepare: @Sendable (Request, ServerCallContext) async throws -> Prepared
    private let body: @Sendable (Prepared, ServerCallContext, ResponseWriter) async throws -> Void

    public init(
        prepare: @escaping @Sendable (Request, ServerCallContext) async throws -> Prepared,
        _ body: @escaping @Sendable (Prepared, ServerCallContext, ResponseWriter) async throws -> Void
    ) {
        self.prepare = prepare
        self.body = body
    }

    public func serve(request: ByteBuffer, context: ServerCallContext, writer: ResponseWriter) async throws {
        try await body(try await admitted(request, context, prepare: prepare), context, writer)
    }
}
