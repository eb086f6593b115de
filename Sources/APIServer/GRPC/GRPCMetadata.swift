import FlintAPI
import Foundation
import NIOHPACK
import Wire

/// Flint's response headers and status as gRPC's HTTP/2 headers and trailers.
///
/// Response headers carry what flint/1's ResponseHeaders carry: `x-request-id`, and the
/// caller's quota as `x-ratelimit-{limit,remaining,reset-ms}-{requests,tokens}`. Trailers
/// carry `grpc-status`, the percent-encoded `grpc-message`, `grpc-status-details-bin` (see
/// ``GRPCStatusDetails``) and `x-request-id`.
enum GRPCMetadata {
    static let contentType = "application/grpc"

    /// The response's HEADERS.
    static func responseHeaders(_ response: ResponseHeaders) -> HPACKHeaders {
        var headers = HPACKHeaders([(":status", "200"), ("content-type", contentType)])
        if !response.requestID.isEmpty { headers.add(name: "x-request-id", value: response.requestID) }
        for (name, state) in [("requests", response.requests), ("tokens", response.tokens)] {
            guard let state else { continue }
            headers.add(name: "x-ratelimit-limit-\(name)", value: String(state.limit))
            headers.add(name: "x-ratelimit-remaining-\(name)", value: String(state.remaining))
            headers.add(name: "x-ratelimit-reset-ms-\(name)", value: String(state.resetMs))
        }
        for (key, value) in response.metadata.sorted(by: { $0.key < $1.key }) {
            let name = key.lowercased()
            guard isHeaderName(name), !name.hasPrefix("grpc-"), value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { continue }
            headers.add(name: name, value: value)
        }
        return headers
    }

    /// The trailers that end a stream whose response HEADERS went out.
    static func trailers(_ status: RPCStatus) -> HPACKHeaders {
        var trailers = HPACKHeaders([("grpc-status", String(status.code.rawValue))])
        if !status.message.isEmpty { trailers.add(name: "grpc-message", value: percentEncoded(status.message)) }
        if status.code != .ok {
            trailers.add(name: "grpc-status-details-bin", value: unpaddedBase64(GRPCStatusDetails.encode(status)))
        }
        if !status.requestID.isEmpty { trailers.add(name: "x-request-id", value: status.requestID) }
        return trailers
    }

    /// Trailers-Only: one HEADERS, with END_STREAM, for a stream that ends before any
    /// response (a bad key, a quota denial, a malformed request).
    static func trailersOnly(_ status: RPCStatus) -> HPACKHeaders {
        var headers = HPACKHeaders([(":status", "200"), ("content-type", contentType)])
        headers.add(contentsOf: trailers(status))
        return headers
    }

    /// grpc-message's encoding: UTF-8, with bytes outside printable ASCII and `%` as `%XX`.
    static func percentEncoded(_ message: String) -> String {
        var encoded = ""
        for byte in message.utf8 {
            if byte >= 0x20, byte <= 0x7E, byte != UInt8(ascii: "%") {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return encoded
    }

    /// Binary metadata's encoding: base64 without padding, as gRPC emits it.
    static func unpaddedBase64(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// Lower-case letters, digits, `-`, `_` and `.`: a name gRPC allows for custom metadata.
    static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }
}
