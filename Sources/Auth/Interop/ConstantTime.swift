internal import COpenSSL

/// Comparison whose running time does not depend on where two byte strings differ.
enum ConstantTime {
    /// Whether `a` and `b` are equal, via OpenSSL's `CRYPTO_memcmp`. Lengths are not
    /// secret (every stored tag is 32 bytes), so unequal lengths return at once.
    static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in
                CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0
            }
        }
    }
}
