internal import COpenSSL

/// An OpenSSL `SSL_CTX` built from a ``TLSConfiguration``: certificates loaded, versions,
/// ciphers and ALPN fixed. Build one at start-up (it reads files) and share it: every
/// connection's ``TLSHandler`` makes its `SSL` from it.
///
/// Sendable because the `SSL_CTX` is never changed after `init`, and OpenSSL allows
/// creating connections from one context on many threads at once.
public final class TLSContext: @unchecked Sendable {
    /// The configuration this context was built from.
    public let configuration: TLSConfiguration
    private let context: OpaquePointer

    /// Builds the context, reading certificate and key files.
    /// - Throws: ``TLSError`` with code ``TLSError/Code/configuration`` and OpenSSL's errors.
    public init(configuration: TLSConfiguration) throws {
        self.configuration = configuration
        self.context = try SSLContextBuilder.build(for: configuration.role)
    }

    deinit {
        SSL_CTX_free(self.context)
    }

    /// A new `SSL` object for one connection; the caller owns (and must free) it.
    func makeSSL() throws -> OpaquePointer {
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(self.context) else {
            throw TLSError.openSSL(.configuration, "SSL_new failed")
        }
        return ssl
    }

    /// Whether the context never resumes a session: no tickets, no session cache (it
    /// never does; for tests).
    var refusesResumption: Bool { flint_SSL_CTX_refuses_resumption(context) != 0 }
}
