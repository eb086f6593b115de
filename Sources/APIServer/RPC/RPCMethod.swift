import NIOCore
import Wire

/// A method a server serves, working on the raw request message.
public protocol RPCMethod: Sendable {
    /// Serves one call: decodes `request`, writes the response through `writer`, and
    /// returns normally for OK or throws an ``RPCError`` for any other status.
    func serve(request: ByteBuffer, context: ServerCallContext, writer: ResponseWriter) async throws
}

extension ProtobufMessage {
    /// Decodes a request message, or fails the call with INVALID_ARGUMENT.
    static func decodeRequest(_ buffer: ByteBuffer) throws(RPCError) -> Self {
        do {
            return try Self(protobufBytes: Array(buffer: buffer))
        } catch {
            throw RPCError(.invalidArgument, "undecodable \(Self.self) message: \(error)")
        }
    }
}

/// Decodes the request and admits it against the caller's quota: one request plus the
/// tokens `estimate` says it may use (prompt + max output tokens for model calls).
private func admitted<Request: ProtobufMessage>(
    _ buffer: ByteBuffer, _ context: ServerCallContext, estimate: (Request) throws -> UInt64
) throws -> Request {
    let request = try Request.decodeRequest(buffer)
    try context.meter.admit(estimatedTokens: try estimate(request))
    return request
}

/// One request message in, one response message out.
public struct UnaryMethod<Request: ProtobufMessage, Response: ProtobufMessage>: RPCMethod {
    private let estimate: @Sendable (Request) throws -> UInt64
    private let body: @Sendable (Request, ServerCallContext) async throws -> Response

    /// - Parameter estimate: the model tokens a request may use, reserved at admission.
    public init(
        estimate: @escaping @Sendable (Request) throws -> UInt64 = { _ in 0 },
        _ body: @escaping @Sendable (Request, ServerCallContext) async throws -> Response
    ) {
        self.estimate = estimate
        self.body = body
    }

    public func serve(request: ByteBuffer, context: ServerCallContext, writer: ResponseWriter) async throws {
        let response = try await body(try admitted(request, context, estimate: estimate), context)
        try await writer.send(response)
    }
}

/// One request message in, any number of response messages out.
public struct ServerStreamingMethod<Request: ProtobufMessage, Response: ProtobufMessage>: RPCMethod {
    private let estimate: @Sendable (Request) throws -> UInt64
    private let body: @Sendable (Request, ServerCallContext, ResponseWriter) async throws -> Void

    public init(
        estimate: @escaping @Sendable (Request) throws -> UInt64 = { _ in 0 },
        _ body: @escaping @Sendable (Request, ServerCallContext, ResponseWriter) async throws -> Void
    ) {
        self.estimate = estimate
        self.body = body
    }

    public func serve(request: ByteBuffer, context: ServerCallContext, writer: ResponseWriter) async throws {
        try await body(try admitted(request, context, estimate: estimate), context, writer)
    }
}
