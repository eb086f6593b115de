internal import COpenSSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-connection client settings for the server's name: SNI for DNS names, and the
/// name (DNS) or address (IP literal) the certificate must match.
struct ServerNameSetup {
    let ssl: OpaquePointer
    let client: TLSConfiguration.Client

    func apply() throws {
        let name = self.client.serverName
        if Self.isIPAddress(name) {
            // SNI must not carry an IP address (RFC 6066 §3).
            guard self.client.verifyPeer else { return }
            try OpenSSLCall.check("verifying the IP address \(name)") {
                X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(self.ssl), name) == 1
            }
        } else {
            try self.setHostName(name)
        }
    }

    private func setHostName(_ name: String) throws {
        guard !name.isEmpty else { return }
        try OpenSSLCall.check("setting the SNI name \(name)") {
            flint_SSL_set_tlsext_host_name(self.ssl, name) == 1
        }
        guard self.client.verifyPeer else { return }
        SSL_set_hostflags(self.ssl, CUnsignedInt(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
        try OpenSSLCall.check("verifying the host name \(name)") {
            SSL_set1_host(self.ssl, name) == 1
        }
    }

    /// Whether `name` is an IPv4 or IPv6 literal rather than a DNS name.
    static func isIPAddress(_ name: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET, name, &address) == 1 || inet_pton(AF_INET6, name, &address) == 1
    }
}
