import Foundation
import Wire

/// Request ids: made by the server when the client sends none, bounded when it does.
enum RequestID {
    /// Longest client-supplied id accepted.
    static let maxLength = 128

    static func make() -> String {
        "req_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// A client id must be printable ASCII and at most ``maxLength`` bytes.
    static func validate(_ id: String) throws(RPCError) {
        guard id.utf8.count <= maxLength, id.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw RPCError(
                .invalidArgument,
                "request_id must be at most \(maxLength) printable ASCII characters",
                details: [.fieldViolation(FieldViolation(field: "request_id", description: "printable ASCII, at most \(maxLength) bytes"))]
            )
        }
    }
}

/// Method paths as they may appear in messages and logs.
enum MethodPath {
    /// The path cut to a sane length with non-printable bytes replaced, for error messages.
    static func printable(_ path: String) -> String {
        let clean = String(path.unicodeScalars.prefix(200).map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
        return path.unicodeScalars.count > 200 ? clean + "…" : clean
    }
}
