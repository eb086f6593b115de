/// Payload of a client HEADERS frame: opens a stream and names the call
/// (proto `flint.v1.RequestHeaders`).
///
/// `authorization` holds an API key, so `description`, `debugDescription` and `dump`
/// show only whether it is set.
public struct RequestHeaders: Sendable, Equatable {
    /// "/flint.v1.<Service>/<Method>", e.g. "/flint.v1.Inference/Complete".
    public var method: String
    /// "Bearer <api key>"; empty for calls that need no key.
    public var authorization: String
    /// Caller-chosen id, echoed in the response headers and status.
    public var requestID: String
    /// Deadline of the whole call in milliseconds; 0 means none beyond the server's own.
    public var timeoutMs: UInt32
    /// Makes a retried mutating call safe.
    public var idempotencyKey: String
    /// Client name and version, e.g. "apiclient/0.1.0".
    public var userAgent: String
    /// Custom metadata; keys are lower-case ASCII.
    public var metadata: [String: String]

    public init(
        method: String = "",
        authorization: String = "",
        requestID: String = "",
        timeoutMs: UInt32 = 0,
        idempotencyKey: String = "",
        userAgent: String = "",
        metadata: [String: String] = [:]
    ) {
        self.method = method
        self.authorization = authorization
        self.requestID = requestID
        self.timeoutMs = timeoutMs
        self.idempotencyKey = idempotencyKey
        self.userAgent = userAgent
        self.metadata = metadata
    }
}

extension RequestHeaders: CustomStringConvertible, CustomReflectable {
    public var description: String {
        "RequestHeaders(method: \(method.debugDescription), authorization: \(redactedAuthorization), "
            + "requestID: \(requestID.debugDescription), timeoutMs: \(timeoutMs), "
            + "idempotencyKey: \(idempotencyKey.debugDescription), "
            + "userAgent: \(userAgent.debugDescription), metadata: \(metadata))"
    }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "method": method, "authorization": redactedAuthorization, "requestID": requestID,
                "timeoutMs": timeoutMs, "idempotencyKey": idempotencyKey,
                "userAgent": userAgent, "metadata": metadata,
            ],
            displayStyle: .struct
        )
    }

    private var redactedAuthorization: String {
        authorization.isEmpty ? "<none>" : "<redacted>"
    }
}
