internal import COpenSSL

/// A throwaway certificate authority for development and tests, so a dev run needs no
/// certificate set-up: a P-256 CA and a `localhost` server certificate it signed.
///
/// ``ensure(directory:extraHostnames:)`` creates, in `directory`:
/// - `ca.pem`: the self-signed CA certificate (trust this in clients),
/// - `ca-key.pem`: the CA's private key (mode 0600),
/// - `server.pem`: the server certificate followed by the CA certificate,
/// - `server-key.pem`: the server's private key (mode 0600).
///
/// The server certificate is valid for a year for `localhost`, `127.0.0.1`, `::1` and
/// any extra host names, the CA for five. Existing files are reused (delete them to
/// reissue, e.g. after changing `extraHostnames`) while they have more than
/// ``renewalWindowSeconds`` left: a server certificate closer to its end, or past it, is
/// reissued by the existing CA; a CA closer to its end is replaced too (clients must then
/// trust the new `ca.pem`).
public enum DevelopmentCertificateAuthority {
    /// Where the files are, and whether this call created them.
    public struct Files: Sendable, Hashable {
        public var caCertificatePath: String
        public var caPrivateKeyPath: String
        public var certificateChainPath: String
        public var privateKeyPath: String
        /// `true` if this call generated the server certificate (and maybe the CA).
        public var created: Bool

        init(directory: String) {
            let base = directory.hasSuffix("/") ? directory : directory + "/"
            self.caCertificatePath = base + "ca.pem"
            self.caPrivateKeyPath = base + "ca-key.pem"
            self.certificateChainPath = base + "server.pem"
            self.privateKeyPath = base + "server-key.pem"
            self.created = false
        }

        /// A server configuration using these files, with defaults for the rest.
        public var serverConfiguration: TLSConfiguration {
            .server(certificateChainPath: self.certificateChainPath, privateKeyPath: self.privateKeyPath)
        }

        /// A client configuration trusting only this CA, verifying `serverName`.
        public func clientConfiguration(serverName: String = "localhost") -> TLSConfiguration {
            .client(serverName: serverName, trustRoots: .certificateFile(self.caCertificatePath))
        }
    }

    /// Makes sure the CA and server files exist in `directory`, creating what is missing.
    /// - Parameter extraHostnames: DNS names or IP literals added to the server's SAN.
    /// - Throws: ``TLSError`` with code ``TLSError/Code/certificateGeneration``.
    /// - Parameter nowUnixSeconds: The time expiry is judged at (tests pass a later one);
    ///   nil is now.
    public static func ensure(directory: String, extraHostnames: [String] = [], nowUnixSeconds: Int64? = nil) throws -> Files {
        let nowUnixSeconds = nowUnixSeconds ?? Int64(time(nil))
        var files = Files(directory: directory)
        let serverFiles = [files.certificateChainPath, files.privateKeyPath]
        let renewBy = nowUnixSeconds + Self.renewalWindowSeconds
        let caUsable = self.caExists(files) && !((try? OpenSSLCertificate(pemFile: files.caCertificatePath))?.expires(atOrBefore: renewBy) ?? true)
        if caUsable, serverFiles.allSatisfy(SecureFile.exists),
            let server = try? OpenSSLCertificate(pemFile: files.certificateChainPath), !server.expires(atOrBefore: renewBy)
        {
            return files
        }
        let alternativeNames = try SubjectAlternativeNames(extraHostnames: extraHostnames)
        try SecureFile.createDirectory(directory)
        let authority = try self.loadOrCreateAuthority(files, reuse: caUsable)
        try self.issueServerCertificate(files, authority: authority, names: alternativeNames)
        files.created = true
        return files
    }

    private static func caExists(_ files: Files) -> Bool {
        SecureFile.exists(files.caCertificatePath) && SecureFile.exists(files.caPrivateKeyPath)
    }

    private typealias Authority = (certificate: OpenSSLCertificate, key: OpenSSLPrivateKey)

    /// How long before its end a certificate is replaced: 30 days.
    public static let renewalWindowSeconds: Int64 = 30 * 86_400

    private static func loadOrCreateAuthority(_ files: Files, reuse: Bool) throws -> Authority {
        if reuse {
            return (
                try OpenSSLCertificate(pemFile: files.caCertificatePath),
                try OpenSSLPrivateKey(pemFile: files.caPrivateKeyPath)
            )
        }
        let key = try OpenSSLPrivateKey.generateP256()
        let certificate = try CertificateIssuer.issue(.developmentCA, subjectKey: key, signer: nil)
        try SecureFile.save(try key.pem(), to: files.caPrivateKeyPath, mode: 0o600)
        try SecureFile.save(try certificate.pem(), to: files.caCertificatePath, mode: 0o644)
        return (certificate, key)
    }

    private static func issueServerCertificate(
        _ files: Files,
        authority: Authority,
        names: SubjectAlternativeNames
    ) throws {
        let key = try OpenSSLPrivateKey.generateP256()
        let certificate = try CertificateIssuer.issue(
            .developmentServer(names),
            subjectKey: key,
            signer: authority
        )
        try SecureFile.save(try key.pem(), to: files.privateKeyPath, mode: 0o600)
        let chain = try certificate.pem() + authority.certificate.pem()
        try SecureFile.save(chain, to: files.certificateChainPath, mode: 0o644)
    }
}

extension CertificateIssuer.Subject {
    static let developmentCA = Self(
        commonName: "Flint Development CA",
        validityDays: 5 * 365,
        extensions: [
            (NID_basic_constraints, "critical,CA:TRUE,pathlen:0"),
            (NID_key_usage, "critical,keyCertSign,cRLSign"),
            (NID_subject_key_identifier, "hash"),
        ]
    )

    static func developmentServer(_ names: SubjectAlternativeNames) -> Self {
        Self(
            commonName: "localhost",
            validityDays: 365,
            extensions: [
                (NID_basic_constraints, "critical,CA:FALSE"),
                (NID_key_usage, "critical,digitalSignature"),
                (NID_ext_key_usage, "serverAuth"),
                (NID_subject_alt_name, names.configValue),
                (NID_subject_key_identifier, "hash"),
                (NID_authority_key_identifier, "keyid:always"),
            ]
        )
    }
}
