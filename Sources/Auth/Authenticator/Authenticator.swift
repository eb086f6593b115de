import Logging
import Synchronization

/// Turns an `authorization` value into a ``Principal`` or an ``AuthFailure``.
///
/// The hot path is in memory: the key is parsed and checksummed without I/O, its record
/// comes from a cache (at most one second old, dropped at once when the store revokes,
/// rotates or changes the quota of a key), the secret's HMAC is compared in constant time,
/// and the last-use time is noted for a later batched write. The database is read only on
/// a cache miss.
public final class Authenticator: Sendable {
    /// Cache settings; the defaults suit a server.
    public struct Configuration: Sendable {
        /// How long a cached record is trusted; at most one second (longer is cut to one).
        public var cacheTimeToLive: Duration
        /// The most keys cached at once.
        public var cacheCapacity: Int

        public init(cacheTimeToLive: Duration = .seconds(1), cacheCapacity: Int = 10_000) {
            self.cacheTimeToLive = cacheTimeToLive
            self.cacheCapacity = cacheCapacity
        }
    }

    private let store: KeyStore
    private let cache: Mutex<CredentialCache>
    private let logger: Logger

    public init(store: KeyStore, configuration: Configuration = Configuration(), logger: Logger) {
        self.store = store
        self.cache = Mutex(
            CredentialCache(timeToLive: configuration.cacheTimeToLive, capacity: configuration.cacheCapacity)
        )
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

    private func credential(for id: KeyID, now: Timestamp) async throws -> StoredCredential? {
        let generation: UInt64
        switch self.cache.withLock({ $0.lookup(id, now: now) }) {
        case .hit(let credential):
            return credential
        case .miss(let current):
            generation = current
        }
        guard let credential = try await self.store.credential(for: id) else { return nil }
        self.cache.withLock { $0.insert(credential, fetchedAt: now, generation: generation) }
        return credential
    }

    private func reject(_ id: KeyID, reason: String) -> Result<Principal, AuthFailure> {
        self.logger.debug("Rejected key", metadata: ["auth.key_id": "\(id)", "auth.reason": "\(reason)"])
        return .failure(.unauthenticated)
    }
}
