internal import COpenSSL

/// An OpenSSL `X509` certificate, owned. Used to make development certificates.
final class OpenSSLCertificate {
    private let certificate: OpaquePointer

    init(taking certificate: OpaquePointer) {
        self.certificate = certificate
    }

    deinit {
        X509_free(self.certificate)
    }

    /// Reads the first certificate in a PEM file.
    convenience init(pemFile path: String) throws {
        let certificate = try PEMIO.read(from: path) { bio in PEM_read_bio_X509(bio, nil, nil, nil) }
        self.init(taking: certificate)
    }

    /// The certificate as PEM.
    func pem() throws -> [UInt8] {
        try PEMIO.write { bio in PEM_write_bio_X509(bio, self.certificate) == 1 }
    }

    /// Whether the certificate's validity ends at or before `unixSeconds` (or cannot be
    /// read, which counts as ended).
    func expires(atOrBefore unixSeconds: Int64) -> Bool {
        var moment = time_t(unixSeconds)
        guard let notAfter = X509_get0_notAfter(self.certificate) else { return true }
        return X509_cmp_time(notAfter, &moment) <= 0
    }

    func withUnsafePointer<Result>(_ body: (OpaquePointer) throws -> Result) rethrows -> Result {
        try body(self.certificate)
    }
}
