/// How many messages a method answers with. Every Flint method takes one request message.
public enum MethodStreaming: Sendable, Hashable {
    /// One response message.
    case unary
    /// Any number of response messages, then the trailers.
    case serverStreaming
}

/// The API key a method needs.
public enum MethodKey: Sendable, Hashable {
    /// No key: the method answers anyone (Health).
    case none
    /// Any valid key; the method itself narrows what the caller sees.
    case anyKey
    /// A key holding this scope ("inference", "admin", …).
    case scope(String)
}

/// What is known of a method without its message types: for routing tables, metrics and
/// reflection.
public protocol MethodDescribing: Sendable {
    /// The full service name, "flint.v1.Inference".
    var service: String { get }
    /// The method's name in its service, "Complete".
    var method: String { get }
    var streaming: MethodStreaming { get }
    var key: MethodKey { get }
}

extension MethodDescribing {
    /// The path on the wire, in flint/1's RequestHeaders and gRPC's `:path`:
    /// "/flint.v1.Inference/Complete".
    public var path: String { "/\(service)/\(method)" }
}

/// One method of the API with its message types, as proto/ declares it. The values are
/// generated (``Methods``); code that serves or calls a method takes them from there.
public struct MethodDescriptor<Request: ProtobufMessage, Response: ProtobufMessage>: MethodDescribing {
    public let service: String
    public let method: String
    public let streaming: MethodStreaming
    public let key: MethodKey

    public init(service: String, method: String, streaming: MethodStreaming, key: MethodKey) {
        self.service = service
        self.method = method
        self.streaming = streaming
        self.key = key
    }
}
