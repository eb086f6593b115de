import Logging
import Synchronization

/// Turns an `authorization` value into a ``Principal`` or an ``AuthFailure``.
///
/// The hot path is in memory: the key is parsed and checksummed without I/O, its record
/// comes from a cache (at most one second old, dropped at once when the store revokes,
/// rotates or changes the quota of a key), the secret's HMAC is compared in constant time,
/// and the last-use time is noted for a later batched write. The database is read only on
/// a cache miss, by at most ``Configuration/maxPendingStoreReads`` calls at once; unknown
/// key ids are cached as such for as long as known ones.
public final class Authenticator: Sendable {
    /// Cache settings; the defaults suit a server.
    public struct Configuration: Sendable {
        /// How long a cached record is trusted; at most one second (longer is cut to one).
        public var cacheTimeToLive: Duration
        /// The most keys cached at once; as many unknown key ids are remembered besides.
        public var cacheCapacity: Int
        /// The most key-store reads (cache misses of distinct key ids) waiting or running at
        /// once; concurrent misses of one id share one read. A miss beyond it is answered
        /// ``AuthFailure/unavailable`` at once instead of queueing, so a flood of made-up keys
        /// cannot build an unbounded queue in front of SQLite.
        public var maxPendingStoreReads: Int

        public init(cacheTimeToLive: Duration = .seconds(1), cacheCapacity: Int = 10_000, maxPendingStoreReads: Int = 256) {
            self.cacheTimeToLive = cacheTimeToLive
            self.cacheCapacity = cacheCapacity
            self.maxPendingStoreReads = max(1, maxPendingStoreReads)
        }
    }

    private let store: KeyStore
    private let cache: Mutex<CredentialCache>
    /// The store reads under way, by key id, shared by every call that misses that id.
    private let pendingStoreReads = Mutex<[KeyID: Task<StoredCredential?, any Error>]>([:])
    private let maxPendingStoreReads: Int
    private let logger: Logger

    public init(store: KeyStore, configuration: Configuration = Configuration(), logger: Logger) {
        self.store = store
        self.cache = Mutex(
            CredentialCache(timeToLive: configuration.cacheTimeToLive, capacity: configuration.cacheCapacity)
        )
        self.maxPendingStoreReads = configuration.maxPendingStoreReads
        self.logger = logger
        store.addChangeObserver { [weak self] change in
            switch change {
            case .key(let id): self?.invalidate(keyID: id)
            case .partner(let name): self?.invalidate(partner: name)
            }
        }
    }

    /// Authenticates `authorization` (`Bearer <api key>`) for a call that needs `scope`
    /// (nil: any usable key, whatever its scopes).
    ///
    /// Every unusable key gives ``AuthFailure/unauthenticated``; a usable key without
    /// `scope` gives ``AuthFailure/permissionDenied(_:)``; a failing key store gives
    /// ``AuthFailure/unavailable``.
    public func authenticate(authorization: String, requiring scope: Scope?) async -> Result<Principal, AuthFailure> {
        let key: APIKey
        switch BearerToken.parse(authorization) {
        case .success(let parsed):
            key = parsed
        case .failure(let rejection):
            self.logger.debug("Rejected authorization", metadata: ["auth.reason": "\(rejection)"])
            return .failure(.unauthenticated)
        }
        let now = self.store.clock.now()
        let credential: StoredCredential
        do {
            guard let found = try await self.credential(for: key.id, now: now) else {
                return self.reject(key.id, reason: "unknown key")
            }
            guard try self.store.hasher.matches(key, stored: found.hmac) else {
                return self.reject(key.id, reason: "wrong secret")
            }
            credential = found
        } catch StoreReadRefusal.tooManyPending {
            self.logger.debug("Key store busy", metadata: ["auth.key_id": "\(key.id)"])
            return .failure(.unavailable)
        } catch {
            self.logger.warning("Key store unavailable", metadata: ["auth.key_id": "\(key.id)", "error": "\(error)"])
            return .failure(.unavailable)
        }
        let record = credential.record
        switch record.status(at: now) {
        case .active: break
        case .expired: return self.reject(key.id, reason: "expired")
        case .revoked: return self.reject(key.id, reason: "revoked")
        }
        if let scope, !record.scopes.contains(scope) {
            self.logger.debug("Key lacks scope", metadata: ["auth.key_id": "\(key.id)", "auth.scope": "\(scope)"])
            return .failure(.permissionDenied(scope))
        }
        self.store.recordUse(of: key.id, at: now)
        self.logger.trace("Authenticated", metadata: ["auth.key_id": "\(key.id)", "auth.partner": "\(record.partner)"])
        return .success(
            Principal(
                keyID: record.id,
                partner: record.partner,
                keyName: record.name,
                scopes: record.scopes,
                keyQuota: record.quota,
                partnerQuota: credential.partnerQuota
            )
        )
    }

    /// Drops the cached record of `keyID`, so its next call reads the store.
    public func invalidate(keyID: KeyID) {
        self.cache.withLock { $0.invalidate(keyID) }
    }

    /// Drops the cached records of every key of `partner`.
    public func invalidate(partner: String) {
        self.cache.withLock { $0.invalidate(partner: partner) }
    }

    /// Empties the cache.
    public func invalidateAll() {
        self.cache.withLock { $0.invalidateAll() }
    }

    /// Keys cached right now.
    public var cachedKeyCount: Int {
        self.cache.withLock { $0.count }
    }

    /// Unknown key ids remembered right now.
    public var cachedUnknownKeyCount: Int {
        self.cache.withLock { $0.absentCount }
    }

    private func credential(for id: KeyID, now: Timestamp) async throws -> StoredCredential? {
        let generation: UInt64
        switch self.cache.withLock({ $0.lookup(id, now: now) }) {
        case .hit(let credential):
            return credential
        case .absent:
            return nil
        case .miss(let current):
            generation = current
        }
        let read = try self.pendingStoreReads.withLock { pending throws(StoreReadRefusal) in
            if let shared = pending[id] { return shared }
            guard pending.count < self.maxPendingStoreReads else { throw .tooManyPending }
            let read = Task { [store] in
                try await store.credential(for: id)
            }
            pending[id] = read
            return read
        }
        let result = await read.result
        self.pendingStoreReads.withLock { pending in
            if pending[id] == read { pending[id] = nil }
        }
        guard let credential = try result.get() else {
            self.cache.withLock { $0.insertAbsent(id, fetchedAt: now, generation: generation) }
            return nil
        }
        self.cache.withLock { $0.insert(credential, fetchedAt: now, generation: generation) }
        return credential
    }

    private enum StoreReadRefusal: Error {
        case tooManyPending
    }

    private func reject(_ id: KeyID, reason: String) -> Result<Principal, AuthFailure> {
        self.logger.debug("Rejected key", metadata: ["auth.key_id": "\(id)", "auth.reason": "\(reason)"])
        return .failure(.unauthenticated)
    }
}
