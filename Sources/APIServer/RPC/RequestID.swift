import Foundation
import FlintAPI

/// Request ids: made by the server when the client sends none, bounded when it does.
enum RequestID {
    static func make() -> String {
        "req_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// The id a call runs under: the client's when it sent a valid one, else a new one (an
    /// invalid one still fails the call, see ``validate(_:)``).
    static func forCall(clientID: String) -> String {
        RequestIDRules.isValid(clientID) && !clientID.isEmpty ? clientID : make()
    }

    /// Fails the call when the client's id breaks ``RequestIDRules``.
    static func validate(_ id: String) throws(RPCError) {
        guard RequestIDRules.isValid(id) else {
            let rule = "printable ASCII without spaces, at most \(RequestIDRules.maxLength) bytes"
            throw RPCError(.invalidArgument, "request_id must be \(rule)", details: [.fieldViolation(FieldViolation(field: "request_id", description: rule))])
        }
    }
}

/// Method paths as they may appear in messages and logs.
enum MethodPath {
    /// The path cut to a sane length with non-printable bytes replaced, for error messages.
    static func printable(_ path: String) -> String {
        PrintableText.of(path)
    }
}
