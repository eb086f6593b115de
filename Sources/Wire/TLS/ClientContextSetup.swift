internal import COpenSSL

/// Client-specific `SSL_CTX` settings: trust, verification, versions, ALPN, client cert.
struct ClientContextSetup {
    let context: OpaquePointer
    let client: TLSConfiguration.Client

    func apply() throws {
        try SSLContextBuilder.setVersions(
            self.context,
            minimum: self.client.minimumVersion,
            maximum: self.client.maximumVersion
        )
        try self.configureVerification()
        try self.offerApplicationProtocols()
        try self.loadClientCertificate()
        try self.applyCipherOverride()
    }

    private func configureVerification() throws {
        switch self.client.verification {
        case .verifyPeer:
            guard !self.client.serverName.isEmpty else {
                throw TLSError(code: .configuration, message: "verifying the server needs a server name")
            }
            SSL_CTX_set_verify(self.context, SSL_VERIFY_PEER, nil)
            try self.loadTrustRoots()
        case .insecureSkipVerification:
            SSL_CTX_set_verify(self.context, SSL_VERIFY_NONE, nil)
        }
    }

    private func loadTrustRoots() throws {
        switch self.client.trustRoots {
        case .systemDefault:
            try OpenSSLCall.check("loading the system trust store") {
                SSL_CTX_set_default_verify_paths(self.context) == 1
            }
        case .certificateFile(let path):
            try OpenSSLCall.check("loading trusted certificates from \(path)") {
                SSL_CTX_load_verify_locations(self.context, path, nil) == 1
            }
        }
    }

    private func offerApplicationProtocols() throws {
        let protocols =
            self.client.testingOverrides.offeredApplicationProtocols
            ?? [TLSConfiguration.applicationProtocol]
        guard !protocols.isEmpty else { return }
        let wire = protocols.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) }
        // SSL_CTX_set_alpn_protos returns 0 on success, unlike most of OpenSSL.
        try OpenSSLCall.check("setting the ALPN protocols") {
            SSL_CTX_set_alpn_protos(self.context, wire, UInt32(wire.count)) == 0
        }
    }

    private func loadClientCertificate() throws {
        guard let chain = self.client.certificateChainPath else { return }
        let key = self.client.privateKeyPath ?? chain
        try OpenSSLCall.check("loading the client certificate chain from \(chain)") {
            SSL_CTX_use_certificate_chain_file(self.context, chain) == 1
        }
        try OpenSSLCall.check("loading the client private key from \(key)") {
            SSL_CTX_use_PrivateKey_file(self.context, key, SSL_FILETYPE_PEM) == 1
        }
    }

    private func applyCipherOverride() throws {
        guard let ciphers = self.client.testingOverrides.cipherList else { return }
        try OpenSSLCall.check("setting the cipher list override") {
            SSL_CTX_set_cipher_list(self.context, ciphers) == 1
        }
    }
}
