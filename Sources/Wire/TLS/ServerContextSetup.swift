internal import COpenSSL

/// Server-specific `SSL_CTX` settings: key pair, version floor, ALPN, optional mTLS.
struct ServerContextSetup {
    let context: OpaquePointer
    let server: TLSConfiguration.Server

    func apply() throws {
        try self.setVersions()
        try self.loadKeyPair()
        flint_SSL_CTX_select_alpn(self.context)
        try self.setSessionIDContext()
        if let clientCAPath = self.server.clientCertificateAuthorityPath {
            try self.requireClientCertificates(issuedBy: clientCAPath)
        }
    }

    private func setVersions() throws {
        guard self.server.minimumVersion >= .tls1_2 else {
            throw TLSError(
                code: .configuration,
                message: "a server's minimum TLS version must be 1.2 or 1.3, not \(self.server.minimumVersion)"
            )
        }
        try SSLContextBuilder.setVersions(self.context, minimum: self.server.minimumVersion, maximum: nil)
    }

    private func loadKeyPair() throws {
        let chain = self.server.certificateChainPath
        let key = self.server.privateKeyPath
        try OpenSSLCall.check("loading the certificate chain from \(chain)") {
            SSL_CTX_use_certificate_chain_file(self.context, chain) == 1
        }
        try OpenSSLCall.check("loading the private key from \(key)") {
            SSL_CTX_use_PrivateKey_file(self.context, key, SSL_FILETYPE_PEM) == 1
        }
        try OpenSSLCall.check("matching the private key to the certificate") {
            SSL_CTX_check_private_key(self.context) == 1
        }
    }

    /// Needed for session resumption to work when client certificates are verified.
    private func setSessionIDContext() throws {
        let id = Array("flint".utf8)
        try OpenSSLCall.check("setting the session id context") {
            SSL_CTX_set_session_id_context(self.context, id, UInt32(id.count)) == 1
        }
    }

    private func requireClientCertificates(issuedBy path: String) throws {
        try OpenSSLCall.check("loading client certificate authorities from \(path)") {
            SSL_CTX_load_verify_locations(self.context, path, nil) == 1
        }
        OpenSSLErrorQueue.clear()
        guard let names = SSL_load_client_CA_file(path) else {
            throw TLSError.openSSL(.configuration, "reading client CA names from \(path) failed")
        }
        SSL_CTX_set_client_CA_list(self.context, names)
        SSL_CTX_set_verify(self.context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
    }
}
