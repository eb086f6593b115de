/// Payload of the TRAILERS frame that ends every stream (proto `flint.v1.Status`).
public struct RPCStatus: Sendable, Equatable {
    /// `.ok` when the call succeeded.
    public var code: StatusCode
    /// For people; clients branch on `code` and `details`, never on this text.
    public var message: String
    /// The call's request id.
    public var requestID: String
    /// On RESOURCE_EXHAUSTED and UNAVAILABLE: wait at least this long before retrying.
    public var retryAfterMs: UInt32
    /// Typed facts about the failure. Decoding drops details of kinds this build does not
    /// know.
    public var details: [StatusDetail]

    public init(
        code: StatusCode = .ok,
        message: String = "",
        requestID: String = "",
        retryAfterMs: UInt32 = 0,
        details: [StatusDetail] = []
    ) {
        self.code = code
        self.message = message
        self.requestID = requestID
        self.retryAfterMs = retryAfterMs
        self.details = details
    }
}
