/// Why a call was not let in. Maps to the wire status of the same name.
///
/// Every reason a key is not accepted (missing, malformed, bad checksum, unknown, wrong
/// secret, expired, revoked, rotated past its grace period) is the same
/// ``unauthenticated`` value with the same message, so a caller learns nothing about
/// which it was.
public struct AuthFailure: Error, Hashable, Sendable {
    /// The kind of failure. Compare with the static constants.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        public var description: String { self.name }

        /// UNAUTHENTICATED: no usable key.
        public static let unauthenticated = Code("unauthenticated")
        /// PERMISSION_DENIED: a valid key without the required scope.
        public static let permissionDenied = Code("permissionDenied")
        /// UNAVAILABLE: the key store could not be read; the caller may retry.
        public static let unavailable = Code("unavailable")
    }

    public var code: Code
    /// The message to send to the caller.
    public var message: String
    /// For ``Code/permissionDenied``: the scope the call needs.
    public var requiredScope: Scope?

    private init(code: Code, message: String, requiredScope: Scope? = nil) {
        self.code = code
        self.message = message
        self.requiredScope = requiredScope
    }

    /// The one message of every ``Code/unauthenticated`` failure.
    public static let unauthenticatedMessage = "missing or invalid API key"

    /// The failure for every kind of unusable key.
    public static let unauthenticated = AuthFailure(code: .unauthenticated, message: Self.unauthenticatedMessage)

    /// A valid key that lacks `scope`.
    public static func permissionDenied(_ scope: Scope) -> AuthFailure {
        AuthFailure(code: .permissionDenied, message: "API key lacks the \"\(scope)\" scope", requiredScope: scope)
    }

    /// The key store failed; nothing is known about the key.
    public static let unavailable = AuthFailure(code: .unavailable, message: "authentication is unavailable; retry later")
}

extension AuthFailure: CustomStringConvertible {
    public var description: String { "AuthFailure.\(self.code): \(self.message)" }
}
