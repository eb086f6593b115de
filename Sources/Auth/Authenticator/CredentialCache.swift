/// Recently read credentials by key id, so most authentications need no database read.
///
/// A value type with `mutating` methods, held under the authenticator's lock and tested
/// directly. Bounds: an entry lives at most ``timeToLive`` (one second or less), the cache
/// holds at most ``capacity`` entries of keys that exist. Key ids the store does not know
/// are remembered too, for as long, in a table of their own (also at most ``capacity``), so
/// a flood of unknown ids reaches the store once per id per second and never evicts a real
/// key. The ``generation`` counter closes the race between a read that started before a
/// change and the invalidation that follows it.
struct CredentialCache {
    struct Entry {
        var credential: StoredCredential
        var fetchedAt: Timestamp
    }

    enum Lookup {
        case hit(StoredCredential)
        /// The store had no such key, less than ``timeToLive`` ago.
        case absent
        /// Not cached; pass `generation` back to ``insert(_:fetchedAt:generation:)``.
        case miss(generation: UInt64)
    }

    /// The longest an entry is trusted.
    static let maximumTimeToLive: Duration = .seconds(1)

    let timeToLive: Duration
    let capacity: Int
    private var entries: [KeyID: Entry] = [:]
    /// When the store last answered "no such key", by id.
    private var absent: [KeyID: Timestamp] = [:]
    /// Bumped by every invalidation.
    private(set) var generation: UInt64 = 0

    init(timeToLive: Duration, capacity: Int) {
        self.timeToLive = min(max(timeToLive, .zero), Self.maximumTimeToLive)
        self.capacity = max(capacity, 0)
    }

    var count: Int { self.entries.count }
    var absentCount: Int { self.absent.count }

    /// The fresh entry for `id`, or a miss (dropping a stale entry).
    mutating func lookup(_ id: KeyID, now: Timestamp) -> Lookup {
        if let fetchedAt = self.absent[id] {
            if self.isFresh(fetchedAt, now: now) { return .absent }
            self.absent[id] = nil
        }
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

    /// Remembers that the store had no key `id`, unless something was invalidated since.
    mutating func insertAbsent(_ id: KeyID, fetchedAt: Timestamp, generation: UInt64) {
        guard generation == self.generation, self.capacity > 0 else { return }
        if self.absent.count >= self.capacity, self.absent[id] == nil {
            self.absent = self.absent.filter { self.isFresh($0.value, now: fetchedAt) }
            if self.absent.count >= self.capacity, let victim = self.absent.keys.first {
                self.absent[victim] = nil
            }
        }
        self.absent[id] = fetchedAt
    }

    mutating func invalidate(_ id: KeyID) {
        self.generation &+= 1
        self.entries[id] = nil
        self.absent[id] = nil
    }

    mutating func invalidate(partner: String) {
        self.generation &+= 1
        self.entries = self.entries.filter { $0.value.credential.record.partner != partner }
    }

    mutating func invalidateAll() {
        self.generation &+= 1
        self.entries.removeAll()
        self.absent.removeAll()
    }

    private func isFresh(_ entry: Entry, now: Timestamp) -> Bool {
        self.isFresh(entry.fetchedAt, now: now)
    }

    private func isFresh(_ fetchedAt: Timestamp, now: Timestamp) -> Bool {
        // A clock stepped backwards makes an entry stale rather than long-lived.
        fetchedAt <= now && now.duration(since: fetchedAt) < self.timeToLive
    }

    /// Drops stale entries, and an arbitrary one if all are fresh.
    private mutating func makeRoom(now: Timestamp) {
        self.entries = self.entries.filter { self.isFresh($0.value, now: now) }
        if self.entries.count >= self.capacity, let victim = self.entries.keys.first {
            self.entries[victim] = nil
        }
    }
}
