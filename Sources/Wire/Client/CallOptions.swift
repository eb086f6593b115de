import FlintAPI
/// Per-call settings a client sends in RequestHeaders.
public struct CallOptions: Sendable {
    /// The API key, sent as `authorization: Bearer <key>`. Nil for calls that need none.
    public var apiKey: String?
    /// Deadline for the whole call; nil for none.
    public var timeout: Duration?
    /// Client-chosen request id; empty lets the server make one.
    public var requestID: String
    public var idempotencyKey: String
    public var metadata: [String: String]

    public init(
        apiKey: String? = nil,
        timeout: Duration? = nil,
        requestID: String = "",
        idempotencyKey: String = "",
        metadata: [String: String] = [:]
    ) {
        self.apiKey = apiKey
        self.timeout = timeout
        self.requestID = requestID
        self.idempotencyKey = idempotencyKey
        self.metadata = metadata
    }

    func requestHeaders(method: String, userAgent: String) -> RequestHeaders {
        var headers = RequestHeaders()
        headers.method = method
        headers.authorization = apiKey.map { "Bearer \($0)" } ?? ""
        headers.requestID = requestID
        headers.timeoutMs = timeout.map { UInt32(clamping: $0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000) } ?? 0
        headers.idempotencyKey = idempotencyKey
        headers.userAgent = userAgent
        headers.metadata = metadata
        return headers
    }
}

/// What a successful unary call returns.
public struct UnaryResponse<Message: ProtobufMessage>: Sendable {
    public var headers: ResponseHeaders?
    public var message: Message
    public var status: RPCStatus
}
