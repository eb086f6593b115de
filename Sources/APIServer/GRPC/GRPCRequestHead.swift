import FlintAPI
import Foundation
import NIOHPACK
import Wire

/// A gRPC request's HEADERS checked and mapped onto flint/1's RequestHeaders, or the answer
/// that refuses the stream before any call starts.
///
/// - `:method` must be POST (else HTTP 405) and `content-type` `application/grpc` or
///   `application/grpc+proto` (else HTTP 415), `te` must be `trailers`.
/// - `grpc-encoding`, when sent, must be `identity` (else UNIMPLEMENTED, with
///   `grpc-accept-encoding: identity`); `grpc-timeout` must be well formed.
/// - `:path` → method, `authorization` → authorization (`Bearer <key>`), `x-request-id` →
///   request id, `grpc-timeout` → timeout, `idempotency-key`, `user-agent`; every other
///   header that is not HTTP/2's or gRPC's own is custom metadata.
enum GRPCRequestHead {
    /// Why a stream is refused at its HEADERS.
    enum Refusal: Error, Equatable {
        /// A plain HTTP response with this status and no gRPC framing.
        case http(status: Int, reason: String)
        /// A gRPC Trailers-Only response.
        case grpc(RPCStatus)
    }

    /// Headers that are HTTP's or mapped to a RequestHeaders field, never passed on as
    /// custom metadata (nor is any pseudo-header or `grpc-*` header: gRPC reserves them).
    static let reservedNames: Set<String> = [
        "content-type", "te", "authorization", "x-request-id", "idempotency-key", "user-agent",
        "content-length", "accept-encoding", "host",
    ]

    static func parse(_ headers: HPACKHeaders) -> Result<RequestHeaders, Refusal> {
        guard headers.first(name: ":method") == "POST" else {
            return .failure(.http(status: 405, reason: "gRPC calls are POST"))
        }
        guard let contentType = headers.first(name: "content-type"), isGRPCProto(contentType) else {
            return .failure(.http(status: 415, reason: "content-type must be application/grpc or application/grpc+proto"))
        }
        guard headers.first(name: "te") == "trailers" else {
            return .failure(.grpc(RPCStatus(code: .invalidArgument, message: "the te header must be \"trailers\"")))
        }
        if let encoding = headers.first(name: "grpc-encoding"), encoding != "identity" {
            let message = "grpc-encoding \(PrintableText.of(encoding)) is not supported; Flint accepts identity only"
            return .failure(.grpc(RPCStatus(code: .unimplemented, message: message)))
        }
        var request = RequestHeaders(method: headers.first(name: ":path") ?? "")
        if let timeout = headers.first(name: "grpc-timeout") {
            guard let milliseconds = GRPCTimeout.milliseconds(timeout) else {
                let violation = FieldViolation(field: "grpc-timeout", description: "1 to 8 digits and a unit (H, M, S, m, u, n)")
                let message = "grpc-timeout \(PrintableText.of(timeout)) is malformed"
                return .failure(.grpc(RPCStatus(code: .invalidArgument, message: message, details: [.fieldViolation(violation)])))
            }
            request.timeoutMs = milliseconds
        }
        request.authorization = headers.first(name: "authorization") ?? ""
        request.requestID = headers.first(name: "x-request-id") ?? ""
        request.idempotencyKey = headers.first(name: "idempotency-key") ?? ""
        request.userAgent = headers.first(name: "user-agent") ?? ""
        for (name, value, _) in headers where !name.hasPrefix(":") && !name.hasPrefix("grpc-") && !reservedNames.contains(name) {
            request.metadata[name] = request.metadata[name].map { $0 + "," + value } ?? value
        }
        return .success(request)
    }

    private static func isGRPCProto(_ contentType: String) -> Bool {
        let type = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return type == "application/grpc" || type == "application/grpc+proto"
    }
}
