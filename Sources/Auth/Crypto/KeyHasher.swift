import Synchronization

/// Computes and checks the stored form of a key: HMAC-SHA256(pepper, secret).
///
/// Without the pepper, a copy of the database does not let anyone test guesses offline.
/// Checking compares in constant time.
final class KeyHasher: Sendable {
    /// The keyed context; each computation duplicates it under the lock.
    private let keyed: Mutex<MACContext>

    init(pepper: Pepper) throws(KeyStoreError) {
        self.keyed = Mutex(try MACContext.hmacSHA256(key: pepper.bytes))
    }

    /// The HMAC of `message` under the pepper.
    func tag(_ message: [UInt8]) throws(KeyStoreError) -> [UInt8] {
        let context = try self.keyed.withLock { (keyed) throws(KeyStoreError) -> sending MACContext in
            try keyed.duplicate()
        }
        return try context.finish(message)
    }

    /// The stored form of `key`.
    func tag(for key: APIKey) throws(KeyStoreError) -> [UInt8] {
        try self.tag(key.secretBytes)
    }

    /// Whether `key` is the key whose stored form is `stored`, compared in constant time.
    func matches(_ key: APIKey, stored: [UInt8]) throws(KeyStoreError) -> Bool {
        ConstantTime.equals(try self.tag(for: key), stored)
    }
}
