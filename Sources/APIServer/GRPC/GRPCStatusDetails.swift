import FlintAPI
import Wire

/// `grpc-status-details-bin`: a Flint status as a google.rpc.Status, its details as
/// google.protobuf.Any values of the standard error types (google/rpc/error_details.proto):
/// `retry_after_ms` as RetryInfo, quota failures as one QuotaFailure, field violations as
/// one BadRequest, each ErrorInfo as an ErrorInfo (domain `flint`).
enum GRPCStatusDetails {
    static let errorInfoDomain = "flint"
    private static let typeURLPrefix = "type.googleapis.com/"

    /// The serialized google.rpc.Status for `status`.
    static func encode(_ status: RPCStatus) -> [UInt8] {
        var writer = ProtobufFieldWriter()
        // google.rpc.Status: code = 1, message = 2, repeated Any details = 3.
        if status.code != .ok { writer.varint(1, UInt64(status.code.rawValue)) }
        if !status.message.isEmpty { writer.string(2, status.message) }
        for (typeName, value) in details(of: status) {
            writer.message(3) { any in
                // google.protobuf.Any: type_url = 1, value = 2.
                any.string(1, typeURLPrefix + typeName)
                any.bytes(2, value)
            }
        }
        return writer.bytes
    }

    private static func details(of status: RPCStatus) -> [(String, [UInt8])] {
        var details: [(String, [UInt8])] = []
        if status.retryAfterMs > 0 { details.append(("google.rpc.RetryInfo", retryInfo(milliseconds: status.retryAfterMs))) }
        let quotaFailures = status.details.compactMap { if case .quotaFailure(let failure) = $0 { failure } else { nil } }
        if !quotaFailures.isEmpty { details.append(("google.rpc.QuotaFailure", quotaFailure(quotaFailures))) }
        let violations = status.details.compactMap { if case .fieldViolation(let violation) = $0 { violation } else { nil } }
        if !violations.isEmpty { details.append(("google.rpc.BadRequest", badRequest(violations))) }
        for case .errorInfo(let info) in status.details {
            details.append(("google.rpc.ErrorInfo", errorInfo(info)))
        }
        return details
    }

    /// RetryInfo: retry_delay = 1, a google.protobuf.Duration (seconds = 1, nanos = 2).
    private static func retryInfo(milliseconds: UInt32) -> [UInt8] {
        var writer = ProtobufFieldWriter()
        writer.message(1) { duration in
            let seconds = UInt64(milliseconds / 1000)
            let nanos = UInt64(milliseconds % 1000) * 1_000_000
            if seconds > 0 { duration.varint(1, seconds) }
            if nanos > 0 { duration.varint(2, nanos) }
        }
        return writer.bytes
    }

    /// QuotaFailure: repeated Violation violations = 1; Violation: subject = 1,
    /// description = 2, quota_metric = 4, quota_value = 7.
    private static func quotaFailure(_ failures: [QuotaFailure]) -> [UInt8] {
        var writer = ProtobufFieldWriter()
        for failure in failures {
            writer.message(1) { violation in
                let metric = metricName(failure.limit)
                violation.string(1, subject(failure.scope))
                violation.string(2, "the \(subject(failure.scope)) \(metric) limit of \(failure.limitValue) was reached"
                    + (failure.retryable ? "; retry after the delay" : "; retrying will not help"))
                violation.string(4, metric)
                if failure.limitValue > 0 { violation.varint(7, failure.limitValue) }
            }
        }
        return writer.bytes
    }

    /// BadRequest: repeated FieldViolation field_violations = 1; FieldViolation: field = 1,
    /// description = 2.
    private static func badRequest(_ violations: [FieldViolation]) -> [UInt8] {
        var writer = ProtobufFieldWriter()
        for violation in violations {
            writer.message(1) { field in
                field.string(1, violation.field)
                field.string(2, violation.description)
            }
        }
        return writer.bytes
    }

    /// ErrorInfo: reason = 1, domain = 2, map<string, string> metadata = 3 (entries: key =
    /// 1, value = 2), in key order so the bytes are the same every time.
    private static func errorInfo(_ info: ErrorInfo) -> [UInt8] {
        var writer = ProtobufFieldWriter()
        writer.string(1, info.reason)
        writer.string(2, errorInfoDomain)
        for (key, value) in info.metadata.sorted(by: { $0.key < $1.key }) {
            writer.message(3) { entry in
                entry.string(1, key)
                entry.string(2, value)
            }
        }
        return writer.bytes
    }

    private static func subject(_ scope: QuotaScope) -> String {
        switch scope {
        case .key: "key"
        case .partner: "partner"
        default: "caller"
        }
    }

    /// The quota metric names, as in the proto's QuotaLimit enum (lower case).
    static func metricName(_ limit: QuotaLimit) -> String {
        switch limit {
        case .requestsPerMinute: "requests_per_minute"
        case .tokensPerMinute: "tokens_per_minute"
        case .concurrentStreams: "concurrent_streams"
        case .dailyTokens: "daily_tokens"
        default: "unspecified"
        }
    }
}
