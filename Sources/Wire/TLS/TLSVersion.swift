internal import COpenSSL

/// A TLS protocol version, for configuring the range a peer will negotiate.
public enum TLSVersion: Int, Sendable, Hashable, Comparable, CaseIterable {
    case tls1_0
    case tls1_1
    case tls1_2
    case tls1_3

    public static func < (lhs: TLSVersion, rhs: TLSVersion) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// OpenSSL's constant for this version (`TLS1_2_VERSION` and so on).
    var openSSLValue: CInt {
        switch self {
        case .tls1_0: TLS1_VERSION
        case .tls1_1: TLS1_1_VERSION
        case .tls1_2: TLS1_2_VERSION
        case .tls1_3: TLS1_3_VERSION
        }
    }
}
