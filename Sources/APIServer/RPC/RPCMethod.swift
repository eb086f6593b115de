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

/// One request message in, one response message out.
public struct UnaryMethod<Request: ProtobufMessage, Response: ProtobufMessage>: RPCMethod {
    private let body: @Sendable (Request, ServerCallContext) async throws -> Response

    public init(_ body: @escaping @Sendable (Request, ServerCallContext) async throws -> Response) {
        self.body = body
    }

    public func serve(request: ByteBuffer, context: ServerCallContext, writer: ResponseWriter) async throws {
        let response = try await body(try Request.decodeRequest(request), context)
        try await writer.send(response)
    }
}

/// One request message in, any number of response messages out.
public struct ServerStreamingMethod<Request: ProtobufMessage, Response: ProtobufMessage>: RPCMethod {
    private let body: @Sendable (Request, ServerCallContext, ResponseWriter) async throws -> Void

    public init(_ body: @escaping @Sendable (Request, ServerCallContext, ResponseWriter) async throws -> Void) {
        self.body = body
    }

    public func serve(request: ByteBuffer, context: ServerCallContext, writer: ResponseWriter) async throws {
        try await body(try Request.decodeRequest(request), context, writer)
    }
}
