/// One typed detail of an `RPCStatus` (proto `flint.v1.StatusDetail`).
public enum StatusDetail: Sendable, Equatable {
    /// Which limit denied a RESOURCE_EXHAUSTED call.
    case quotaFailure(QuotaFailure)
    /// One bad field of an INVALID_ARGUMENT request.
    case fieldViolation(FieldViolation)
    /// A machine-readable reason.
    case errorInfo(ErrorInfo)
}

/// An INVALID_ARGUMENT detail: one bad field of the request (proto `flint.v1.FieldViolation`).
public struct FieldViolation: Sendable, Equatable {
    /// Dotted path of the field, e.g. "messages[0].parts[1].image.media_type".
    public var field: String
    /// What is wrong with it, for people.
    public var description: String

    public init(field: String = "", description: String = "") {
        self.field = field
        self.description = description
    }
}

/// A machine-readable reason for an error (proto `flint.v1.ErrorInfo`).
public struct ErrorInfo: Sendable, Equatable {
    /// UPPER_SNAKE_CASE and stable, e.g. "FRAME_TOO_LARGE".
    public var reason: String
    /// Facts about the error; never secrets.
    public var metadata: [String: String]

    public init(reason: String = "", metadata: [String: String] = [:]) {
        self.reason = reason
        self.metadata = metadata
    }
}
