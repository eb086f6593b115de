internal import COpenSSL

/// An OpenSSL HMAC-SHA256 context (`EVP_MAC_CTX *`), owned and freed here. The pointer
/// never leaves this class.
///
/// One context is keyed once with the pepper; each computation works on a duplicate, so
/// the key schedule is not redone per call.
final class MACContext {
    private let handle: OpaquePointer

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        EVP_MAC_CTX_free(self.handle)
    }

    /// A context ready to compute HMAC-SHA256 under `key`.
    static func hmacSHA256(key: [UInt8]) throws(KeyStoreError) -> MACContext {
        ERR_clear_error()
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else { throw Self.failure("EVP_MAC_fetch(HMAC)") }
        defer { EVP_MAC_free(mac) }
        guard let handle = EVP_MAC_CTX_new(mac) else { throw Self.failure("EVP_MAC_CTX_new") }
        let context = MACContext(handle: handle)
        let initialized = "SHA256".withCString { digest in
            var parameters = [
                OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, UnsafeMutablePointer(mutating: digest), 0),
                OSSL_PARAM_construct_end(),
            ]
            return key.withUnsafeBufferPointer { key in
                EVP_MAC_init(handle, key.baseAddress, key.count, &parameters) == 1
            }
        }
        guard initialized else { throw Self.failure("EVP_MAC_init(HMAC-SHA256)") }
        return context
    }

    /// A copy with the same key and state, for one computation.
    func duplicate() throws(KeyStoreError) -> MACContext {
        ERR_clear_error()
        guard let copy = EVP_MAC_CTX_dup(self.handle) else { throw Self.failure("EVP_MAC_CTX_dup") }
        return MACContext(handle: copy)
    }

    /// Feeds `message` and returns the 32-byte tag. The context is spent afterwards.
    func finish(_ message: [UInt8]) throws(KeyStoreError) -> [UInt8] {
        ERR_clear_error()
        let updated = message.withUnsafeBufferPointer { EVP_MAC_update(self.handle, $0.baseAddress, $0.count) == 1 }
        guard updated else { throw Self.failure("EVP_MAC_update") }
        var tag = [UInt8](repeating: 0, count: 32)
        var length = 0
        let finished = tag.withUnsafeMutableBufferPointer {
            EVP_MAC_final(self.handle, $0.baseAddress, &length, $0.count) == 1
        }
        guard finished, length == 32 else { throw Self.failure("EVP_MAC_final") }
        return tag
    }

    private static func failure(_ call: String) -> KeyStoreError {
        let code = ERR_get_error()
        let reason = ERR_reason_error_string(code).map { String(cString: $0) } ?? "no OpenSSL error queued"
        ERR_clear_error()
        return KeyStoreError(code: .internal, message: "\(call) failed: \(reason)")
    }
}
