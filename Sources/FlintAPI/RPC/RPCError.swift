/// An RPC failure with a wire status code, a message for people and typed details.
///
/// Thrown by handlers on the server (the connection turns it into TRAILERS) and by the
/// client when a call ends with a non-OK status.
public struct RPCError: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: StatusCode
    public var message: String
    public var retryAfterMs: UInt32
    public var details: [StatusDetail]

    public init(_ code: StatusCode, _ message: String, retryAfterMs: UInt32 = 0, details: [StatusDetail] = []) {
        self.code = code
        self.message = message
        self.retryAfterMs = retryAfterMs
        self.details = details
    }

    /// The error a client sees for a non-OK `status`.
    public init(status: RPCStatus) {
        self.init(status.code, status.message, retryAfterMs: status.retryAfterMs, details: status.details)
    }

    /// The TRAILERS payload for this error.
    public func status(requestID: String) -> RPCStatus {
        RPCStatus(code: code, message: message, requestID: requestID, retryAfterMs: retryAfterMs, details: details)
    }

    public var description: String { "\(code): \(message)" }

    /// The request fields the error's field violations name, in order.
    public var violatedFields: [String] {
        details.compactMap { detail in
            if case .fieldViolation(let violation) = detail { return violation.field }
            return nil
        }
    }

    /// The error's quota failure, if it has one.
    public var quotaFailure: QuotaFailure? {
        details.lazy.compactMap { detail in
            if case .quotaFailure(let failure) = detail { return failure }
            return nil
        }.first
    }
}
