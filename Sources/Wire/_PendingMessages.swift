import NIOCore
// TEMPORARY stand-ins until the protobuf bridge lands; removed at merge.
public protocol ProtobufMessage: Sendable, Equatable {
    init(protobufBytes: [UInt8]) throws
    func protobufBytes() -> [UInt8]
}
public struct StatusCode: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let ok = StatusCode(rawValue: 0)
    public static let cancelled = StatusCode(rawValue: 1)
    public static let invalidArgument = StatusCode(rawValue: 3)
    public static let deadlineExceeded = StatusCode(rawValue: 4)
    public static let resourceExhausted = StatusCode(rawValue: 8)
    public static let unimplemented = StatusCode(rawValue: 12)
    public static let internalError = StatusCode(rawValue: 13)
    public static let unavailable = StatusCode(rawValue: 14)
    public static let unauthenticated = StatusCode(rawValue: 16)
}
public enum StatusDetail: Hashable, Sendable { case errorInfo(ErrorInfo) }
public struct ErrorInfo: Hashable, Sendable {
    public var reason: String
    public var metadata: [String: String]
    public init(reason: String = "", metadata: [String: String] = [:]) { self.reason = reason; self.metadata = metadata }
}
public struct Settings: ProtobufMessage {
    public var maxFrameSize: UInt32 = 0
    public var maxConcurrentStreams: UInt32 = 0
    public var serverVersion = ""
    public var clientVersion = ""
    public init(maxFrameSize: UInt32 = 0, maxConcurrentStreams: UInt32 = 0, serverVersion: String = "", clientVersion: String = "") {
        self.maxFrameSize = maxFrameSize; self.maxConcurrentStreams = maxConcurrentStreams; self.serverVersion = serverVersion; self.clientVersion = clientVersion
    }
    public init(protobufBytes: [UInt8]) throws { fatalError() }
    public func protobufBytes() -> [UInt8] { fatalError() }
}
public struct RequestHeaders: ProtobufMessage {
    public var method = ""
    public var authorization = ""
    public var requestID = ""
    public var timeoutMs: UInt32 = 0
    public var idempotencyKey = ""
    public var userAgent = ""
    public var metadata: [String: String] = [:]
    public init() {}
    public init(protobufBytes: [UInt8]) throws { fatalError() }
    public func protobufBytes() -> [UInt8] { fatalError() }
}
public struct RPCStatus: ProtobufMessage {
    public var code: StatusCode
    public var message: String
    public var requestID: String = ""
    public var retryAfterMs: UInt32 = 0
    public var details: [StatusDetail] = []
    public init(code: StatusCode, message: String, requestID: String = "", retryAfterMs: UInt32 = 0, details: [StatusDetail] = []) {
        self.code = code; self.message = message; self.requestID = requestID; self.retryAfterMs = retryAfterMs; self.details = details
    }
    public init(protobufBytes: [UInt8]) throws { fatalError() }
    public func protobufBytes() -> [UInt8] { fatalError() }
}
public struct GoAway: ProtobufMessage {
    public var lastStreamID: UInt32
    public var code: StatusCode
    public var reason: String
    public init(lastStreamID: UInt32 = 0, code: StatusCode = .ok, reason: String = "") { self.lastStreamID = lastStreamID; self.code = code; self.reason = reason }
    public init(protobufBytes: [UInt8]) throws { fatalError() }
    public func protobufBytes() -> [UInt8] { fatalError() }
}
public struct FieldViolation: Hashable, Sendable {
    public var field: String
    public var description: String
    public init(field: String = "", description: String = "") { self.field = field; self.description = description }
}
extension StatusDetail { public static func fieldViolation(_ v: FieldViolation) -> StatusDetail { .errorInfo(ErrorInfo(reason: v.field)) } }
public struct ResponseHeaders: ProtobufMessage {
    public var requestID = ""
    public init() {}
    public init(protobufBytes: [UInt8]) throws { fatalError() }
    public func protobufBytes() -> [UInt8] { fatalError() }
}
public struct HealthCheckRequest: ProtobufMessage {
    public var service = ""
    public init(service: String = "") { self.service = service }
    public init(protobufBytes: [UInt8]) throws { fatalError() }
    public func protobufBytes() -> [UInt8] { fatalError() }
}
public struct HealthCheckResponse: ProtobufMessage {
    public enum ServingStatus: Sendable, Hashable { case unknown, serving, notServing, serviceUnknown }
    public var status: ServingStatus
    public var serverVersion: String
    public init(status: ServingStatus = .unknown, serverVersion: String = "") { self.status = status; self.serverVersion = serverVersion }
    public init(protobufBytes: [UInt8]) throws { fatalError() }
    public func protobufBytes() -> [UInt8] { fatalError() }
}
public final class TLSContext: Sendable { public init(configuration: TLSConfiguration) throws {} }
public final class TLSHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public init(context: TLSContext) {}
}
public struct TLSConfiguration: Sendable {}
