internal import COpenSSL

/// Issues X.509 v3 certificates with OpenSSL: random serial, validity window,
/// common name, extensions in OpenSSL's config syntax, SHA-256 signature.
struct CertificateIssuer {
    /// What the new certificate says about its subject.
    struct Subject {
        var commonName: String
        var validityDays: Int
        /// `(NID, value)` pairs such as `(NID_basic_constraints, "critical,CA:TRUE")`.
        var extensions: [(nid: CInt, value: String)]
    }

    /// Issues a certificate for `subjectKey`, signed by `signer`; `nil` means self-signed.
    static func issue(
        _ subject: Subject,
        subjectKey: OpenSSLPrivateKey,
        signer: (certificate: OpenSSLCertificate, key: OpenSSLPrivateKey)?
    ) throws -> OpenSSLCertificate {
        OpenSSLErrorQueue.clear()
        guard let x509 = X509_new() else {
            throw TLSError.openSSL(.certificateGeneration, "X509_new failed")
        }
        let certificate = OpenSSLCertificate(taking: x509)
        try self.fill(x509, subject, subjectKey: subjectKey)
        try self.setIssuer(x509, signer: signer?.certificate)
        let issuerX509 = signer?.certificate.withUnsafePointer { $0 } ?? x509
        for (nid, value) in subject.extensions {
            try self.addExtension(x509, issuer: issuerX509, nid: nid, value: value)
        }
        try self.sign(x509, with: signer?.key ?? subjectKey)
        return certificate
    }

    private static func fill(_ x509: OpaquePointer, _ subject: Subject, subjectKey: OpenSSLPrivateKey) throws {
        try self.check("setting the version") { X509_set_version(x509, 2) == 1 }
        try self.setRandomSerial(x509)
        try self.check("setting the validity") {
            X509_gmtime_adj(X509_getm_notBefore(x509), -3600) != nil
                && X509_gmtime_adj(X509_getm_notAfter(x509), subject.validityDays * 86_400) != nil
        }
        try self.check("setting the subject name") {
            X509_NAME_add_entry_by_txt(
                X509_get_subject_name(x509), "CN", MBSTRING_ASC, subject.commonName, -1, -1, 0) == 1
        }
        try self.check("setting the public key") {
            subjectKey.withUnsafePointer { X509_set_pubkey(x509, $0) } == 1
        }
    }

    /// A positive 159-bit random serial, as RFC 5280 recommends for unpredictability.
    private static func setRandomSerial(_ x509: OpaquePointer) throws {
        guard let number = BN_new() else {
            throw TLSError.openSSL(.certificateGeneration, "BN_new failed")
        }
        defer { BN_free(number) }
        try self.check("generating a serial number") {
            BN_rand(number, 159, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) == 1
                && BN_to_ASN1_INTEGER(number, X509_get_serialNumber(x509)) != nil
        }
    }

    private static func setIssuer(_ x509: OpaquePointer, signer: OpenSSLCertificate?) throws {
        let issuerName = signer?.withUnsafePointer { X509_get_subject_name($0) } ?? X509_get_subject_name(x509)
        try self.check("setting the issuer name") { X509_set_issuer_name(x509, issuerName) == 1 }
    }

    private static func addExtension(_ x509: OpaquePointer, issuer: OpaquePointer, nid: CInt, value: String) throws {
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer, x509, nil, nil, 0)
        OpenSSLErrorQueue.clear()
        guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
            throw TLSError.openSSL(.certificateGeneration, "building extension \(value) failed")
        }
        defer { X509_EXTENSION_free(ext) }
        try self.check("adding extension \(value)") { X509_add_ext(x509, ext, -1) == 1 }
    }

    private static func sign(_ x509: OpaquePointer, with key: OpenSSLPrivateKey) throws {
        try self.check("signing the certificate") {
            key.withUnsafePointer { X509_sign(x509, $0, EVP_sha256()) } > 0
        }
    }

    private static func check(_ what: String, _ call: () -> Bool) throws {
        try OpenSSLCall.check(what, code: .certificateGeneration, call)
    }
}
