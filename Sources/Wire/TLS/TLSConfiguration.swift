import FlintAPI
import NIOCore

/// How one side of a `flint/1` connection sets up TLS. Built once at start-up and turned
/// into a ``TLSContext``.
///
/// A server selects ``applicationProtocol`` by ALPN when the client offers it, else one of
/// ``http2ApplicationProtocols`` (standard gRPC); a client offering ALPN with none of them
/// is refused, one offering no ALPN speaks flint/1. A client always offers
/// ``applicationProtocol``. TLS 1.3 uses
/// OpenSSL's default suites; TLS 1.2 is restricted to ECDHE key exchange with AEAD
/// ciphers (AES-GCM, ChaCha20-Poly1305). A server never accepts anything older than 1.2.
public struct TLSConfiguration: Sendable {
    /// The ALPN identifier of the Flint wire protocol.
    public static let applicationProtocol = "flint/1"
    /// The ALPN identifiers under which a server speaks standard gRPC over HTTP/2.
    public static let http2ApplicationProtocols = ["h2", "grpc-exp"]

    /// Which side of the connection this configuration is for.
    public enum Role: Sendable {
        case server(Server)
        case client(Client)
    }

    /// Which side of the connection this configuration is for, and its settings.
    public var role: Role

    public init(role: Role) {
        self.role = role
    }

    /// A server configuration with defaults for everything but the key pair.
    public static func server(
        certificateChainPath: String,
        privateKeyPath: String,
        clientCertificateAuthorityPath: String? = nil
    ) -> TLSConfiguration {
        TLSConfiguration(
            role: .server(
                Server(
                    certificateChainPath: certificateChainPath,
                    privateKeyPath: privateKeyPath,
                    clientCertificateAuthorityPath: clientCertificateAuthorityPath
                )
            )
        )
    }

    /// A client configuration that verifies the server as `serverName` against `trustRoots`.
    public static func client(
        serverName: String,
        trustRoots: TrustRoots = .systemDefault
    ) -> TLSConfiguration {
        TLSConfiguration(role: .client(Client(serverName: serverName, trustRoots: trustRoots)))
    }

    /// How long a handshake may take before the connection is closed.
    var handshakeTimeout: TimeAmount {
        switch self.role {
        case .server(let server): server.handshakeTimeout
        case .client(let client): client.handshakeTimeout
        }
    }
}

extension TLSConfiguration {
    /// Where a client finds the certificate authorities it trusts.
    public enum TrustRoots: Sendable, Hashable {
        /// The operating system's default store (OpenSSL's default verify paths).
        case systemDefault
        /// The certificates in one PEM file, and nothing else.
        case certificateFile(String)
    }

    /// Whether a client verifies the server's certificate.
    public enum CertificateVerification: Sendable, Hashable {
        /// Verify the chain against the trust roots and the name against `serverName`.
        case verifyPeer
        /// Accept any certificate. For development against throwaway servers only.
        case insecureSkipVerification
    }
}

extension TLSConfiguration {
    /// Settings of a TLS server.
    public struct Server: Sendable {
        /// PEM file holding the server certificate followed by its intermediates.
        public var certificateChainPath: String
        /// PEM file holding the server's private key.
        public var privateKeyPath: String
        /// When set, clients must present a certificate issued by a CA in this PEM file (mTLS).
        public var clientCertificateAuthorityPath: String?
        /// The oldest TLS version accepted; TLS 1.2 or 1.3 (older is a configuration error).
        public var minimumVersion: TLSVersion
        /// A connection whose handshake is not done after this long is closed.
        public var handshakeTimeout: TimeAmount

        public init(
            certificateChainPath: String,
            privateKeyPath: String,
            clientCertificateAuthorityPath: String? = nil,
            minimumVersion: TLSVersion = .tls1_2,
            handshakeTimeout: TimeAmount = .seconds(10)
        ) {
            self.certificateChainPath = certificateChainPath
            self.privateKeyPath = privateKeyPath
            self.clientCertificateAuthorityPath = clientCertificateAuthorityPath
            self.minimumVersion = minimumVersion
            self.handshakeTimeout = handshakeTimeout
        }
    }
}

extension TLSConfiguration {
    /// Settings of a TLS client.
    public struct Client: Sendable {
        /// The server's name: sent as SNI (unless an IP literal) and verified against the
        /// certificate, as a DNS name or an IP address (`127.0.0.1`, `::1`).
        public var serverName: String
        /// The certificate authorities the server's chain must lead to.
        public var trustRoots: TrustRoots
        /// Verify the server (the default) or, explicitly, skip verification.
        public var verification: CertificateVerification
        /// The oldest TLS version offered.
        public var minimumVersion: TLSVersion
        /// The newest TLS version offered; `nil` means the newest OpenSSL supports.
        public var maximumVersion: TLSVersion?
        /// PEM certificate chain presented to servers that require client certificates.
        public var certificateChainPath: String?
        /// PEM private key matching ``certificateChainPath``.
        public var privateKeyPath: String?
        /// A connection whose handshake is not done after this long is closed.
        public var handshakeTimeout: TimeAmount
        /// Test-only knobs that make a client misbehave on purpose.
        @_spi(Testing) public var testingOverrides = TestingOverrides()

        /// Whether the server's certificate is verified (true unless explicitly disabled).
        public var verifyPeer: Bool { self.verification == .verifyPeer }

        public init(
            serverName: String,
            trustRoots: TrustRoots = .systemDefault,
            verification: CertificateVerification = .verifyPeer,
            minimumVersion: TLSVersion = .tls1_2,
            maximumVersion: TLSVersion? = nil,
            certificateChainPath: String? = nil,
            privateKeyPath: String? = nil,
            handshakeTimeout: TimeAmount = .seconds(10)
        ) {
            self.serverName = serverName
            self.trustRoots = trustRoots
            self.verification = verification
            self.minimumVersion = minimumVersion
            self.maximumVersion = maximumVersion
            self.certificateChainPath = certificateChainPath
            self.privateKeyPath = privateKeyPath
            self.handshakeTimeout = handshakeTimeout
        }
    }

    /// Ways to make a client deviate from `flint/1`, so tests can check the server refuses it.
    @_spi(Testing) public struct TestingOverrides: Sendable {
        /// ALPN identifiers offered instead of `flint/1`; empty means no ALPN extension.
        public var offeredApplicationProtocols: [String]? = nil
        /// An OpenSSL cipher string replacing Flint's (e.g. `DEFAULT:@SECLEVEL=0`).
        public var cipherList: String? = nil

        public init() {}
    }
}
