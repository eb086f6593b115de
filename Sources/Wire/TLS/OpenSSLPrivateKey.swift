internal import COpenSSL

/// An OpenSSL `EVP_PKEY`, owned. Used to make development certificates.
final class OpenSSLPrivateKey {
    private let key: OpaquePointer

    private init(taking key: OpaquePointer) {
        self.key = key
    }

    deinit {
        EVP_PKEY_free(self.key)
    }

    /// A fresh ECDSA key on the P-256 curve.
    static func generateP256() throws -> OpenSSLPrivateKey {
        OpenSSLErrorQueue.clear()
        guard let key = flint_EVP_EC_gen("P-256") else {
            throw TLSError.openSSL(.certificateGeneration, "generating a P-256 key failed")
        }
        return OpenSSLPrivateKey(taking: key)
    }

    /// Reads an unencrypted PEM private key.
    convenience init(pemFile path: String) throws {
        let key = try PEMIO.read(from: path) { bio in PEM_read_bio_PrivateKey(bio, nil, nil, nil) }
        self.init(taking: key)
    }

    /// The key as unencrypted PKCS#8 PEM. Secret: write it only to a 0600 file.
    func pem() throws -> [UInt8] {
        try PEMIO.write { bio in PEM_write_bio_PrivateKey(bio, self.key, nil, nil, 0, nil, nil) == 1 }
    }

    func withUnsafePointer<Result>(_ body: (OpaquePointer) throws -> Result) rethrows -> Result {
        try body(self.key)
    }
}
