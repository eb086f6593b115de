import FlintAPI
internal import COpenSSL

/// Turns a ``TLSConfiguration`` into a configured `SSL_CTX`, freeing it on any failure.
enum SSLContextBuilder {
    /// TLS 1.2 suites: ECDHE key exchange with AEAD ciphers only. TLS 1.3 suites are
    /// configured separately by OpenSSL and all of its defaults qualify.
    static let tls12CipherList = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    /// Key-exchange groups for ECDHE, strongest-and-fastest first.
    static let groups = "X25519:P-256:P-384"

    static func build(for role: TLSConfiguration.Role) throws -> OpaquePointer {
        let context = try self.makeContext(for: role)
        do {
            try self.configureCommon(context)
            switch role {
            case .server(let server): try ServerContextSetup(context: context, server: server).apply()
            case .client(let client): try ClientContextSetup(context: context, client: client).apply()
            }
            return context
        } catch {
            SSL_CTX_free(context)
            throw error
        }
    }

    private static func makeContext(for role: TLSConfiguration.Role) throws -> OpaquePointer {
        OpenSSLErrorQueue.clear()
        let method: OpaquePointer? =
            switch role {
            case .server: TLS_server_method()
            case .client: TLS_client_method()
            }
        guard let context = SSL_CTX_new(method) else {
            throw TLSError.openSSL(.configuration, "SSL_CTX_new failed")
        }
        return context
    }

    private static func configureCommon(_ context: OpaquePointer) throws {
        flint_SSL_CTX_set_hardened_options(context)
        flint_SSL_CTX_set_release_buffers(context)
        try OpenSSLCall.check("setting the TLS 1.2 cipher list") {
            SSL_CTX_set_cipher_list(context, self.tls12CipherList) == 1
        }
        try OpenSSLCall.check("setting the key-exchange groups") {
            flint_SSL_CTX_set1_groups_list(context, self.groups) == 1
        }
    }

    /// Sets the protocol version range; `nil` maximum means the newest available.
    static func setVersions(
        _ context: OpaquePointer,
        minimum: TLSVersion,
        maximum: TLSVersion?
    ) throws {
        try OpenSSLCall.check("setting the minimum TLS version") {
            flint_SSL_CTX_set_min_proto_version(context, minimum.openSSLValue) == 1
        }
        try OpenSSLCall.check("setting the maximum TLS version") {
            flint_SSL_CTX_set_max_proto_version(context, maximum?.openSSLValue ?? 0) == 1
        }
    }
}
