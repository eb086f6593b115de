/// Recently read credentials by key id, so most authentications need no database read.
///
/// A value type with `mutating` methods, held under the authenticator's lock and tested
/// directly. Bounds: an entry lives at most ``timeToLive`` (one second or less), the cache
/// holds at most ``capacity`` entries, and only keys that exist are cached, so a flood of
/// unknown keys cannot grow it. The ``generation`` counter closes the race between a read
/// that started before a revocation and the invalidation that follows it.
struct CredentialCache {
    struct Entry {
        var credential: StoredCredential
        var fetchedAt: Timestamp
    }

    enum Lookup {
        case hit(StoredCredential)
        /// Not cached; pass `generation` back to ``insert(_:fetchedAt:generation:)``.
        case miss(generation: UInt64)
    }

    /// The longest an entry is trusted.
    static let maximumTimeToLive: Duration = .seconds(1)

    let timeToLive: Duration
    let capacity: Int
    private var entries: [KeyID: Entry] = [:]
    /// Bumped by every invalidation.
    private(set) var generation: UInt64 = 0

    init(timeToLive: Duration, capacity: Int) {
        self.timeToLive = min(max(timeToLive, .zero), Self.maximumTimeToLive)
        self.capacity = max(capacity, 0)
    }

    var count: Int { self.entries.count }

    /// The fresh entry for `id`, or a miss (dropping a stale entry).
    mutating func lookup(_ id: KeyID, now: Timestamp) -> Lookup {
        guard let entry = self.entries[id] else { return .miss(generation: self.generation) }
        guard self.isFresh(entry, now: now) else {
            self.entries[id] = nil
            return .miss(generation: self.generation)
        }
        return .hit(entry.credential)
    }

    /// Caches a credential read after a miss, unless something was invalidated since.
    mutating func insert(_ credential: StoredCredential, fetchedAt: Timestamp, generation: UInt64) {
        guard generation == self.generation, self.capacity > 0 else { return }
        if self.entries.count >= self.capacity, self.entries[credential.record.id] == nil {
            self.makeRoom(now: fetchedAt)
        }
        self.entries[credential.record.id] = Entry(credential: credential, fetchedAt: fetchedAt)
    }

    mutating func invalidate(_ id: KeyID) {
        self.generation &+= 1
        self.entries[id] = nil
    }

    mutating func invalidate(partner: String) {
        self.generation &+= 1
        self.entries = self.entries.filter { $0.value.credential.record.partner != partner }
    }

    mutating func invalidateAll() {
        self.generation &+= 1
        self.entries.removeAll()
    }

    private func isFresh(_ entry: Entry, now: Timestamp) -> Bool {
        // A clock stepped backwards makes an entry stale rather than long-lived.
        entry.fetchedAt <= now && now.duration(since: entry.fetchedAt) < self.timeToLive
    }

    /// Drops stale entries, and an arbitrary one if all are fresh.
    private mutating func makeRoom(now: Timestamp) {
        self.entries = self.entries.filter { self.isFresh($0.value, now: now) }
        if self.entries.count >= self.capacity, let victim = self.entries.keys.first {
            self.entries[victim] = nil
        }
    }
}
