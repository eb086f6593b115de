import FlintAPI
/// A failure of the TLS layer: configuration, handshake, verification or record I/O.
///
/// The ``code`` is extensible (new codes never break callers), the ``message`` is for
/// humans, and ``openSSLErrors`` holds OpenSSL's error queue at the time of failure,
/// oldest first. Nothing secret (key material, plaintext) is ever put in a `TLSError`.
public struct TLSError: Error, Hashable, Sendable {
    /// What kind of failure this is. Compare with the static constants.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        public var description: String { self.name }

        /// The configuration could not be applied: bad file, bad key, bad combination.
        public static let configuration = Code("configuration")
        /// The TLS handshake failed (protocol, alert, or the peer went away).
        public static let handshakeFailed = Code("handshakeFailed")
        /// The peer's certificate chain or name did not verify.
        public static let verificationFailed = Code("verificationFailed")
        /// The handshake did not complete within the configured time.
        public static let handshakeTimeout = Code("handshakeTimeout")
        /// The peers did not agree on the `flint/1` application protocol.
        public static let alpnMismatch = Code("alpnMismatch")
        /// Too many bytes were written before the handshake completed.
        public static let pendingWriteLimitExceeded = Code("pendingWriteLimitExceeded")
        /// Decrypting an inbound record failed after the handshake.
        public static let readFailed = Code("readFailed")
        /// Encrypting an outbound record failed after the handshake.
        public static let writeFailed = Code("writeFailed")
        /// Generating or storing development certificates failed.
        public static let certificateGeneration = Code("certificateGeneration")
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// OpenSSL's error queue when the failure happened, one formatted entry per error.
    public var openSSLErrors: [String]

    public init(code: Code, message: String, openSSLErrors: [String] = []) {
        self.code = code
        self.message = message
        self.openSSLErrors = openSSLErrors
    }
}

extension TLSError: CustomStringConvertible {
    public var description: String {
        let base = "TLSError.\(self.code): \(self.message)"
        guard !self.openSSLErrors.isEmpty else { return base }
        return base + " [" + self.openSSLErrors.joined(separator: "; ") + "]"
    }
}
