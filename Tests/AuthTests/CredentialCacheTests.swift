import Testing

@testable import Auth

@Suite struct CredentialCacheTests {
    private let start = Timestamp(millisecondsSinceEpoch: 1_000_000)

    private func credential(_ partner: String = "acme") -> StoredCredential {
        StoredCredential(
            record: KeyRecord(
                id: APIKey.generate().id,
                partner: partner,
                name: "n",
                scopes: [.inference],
                quota: Quota(),
                createdAt: self.start
            ),
            partnerQuota: Quota(),
            hmac: [UInt8](repeating: 0, count: 32)
        )
    }

    private func generation(_ lookup: CredentialCache.Lookup) -> UInt64? {
        guard case .miss(let generation) = lookup else { return nil }
        return generation
    }

    private func isHit(_ lookup: CredentialCache.Lookup) -> Bool {
        if case .hit = lookup { return true }
        return false
    }

    @Test func entriesLiveLessThanTheirTimeToLive() {
        var cache = CredentialCache(timeToLive: .seconds(1), capacity: 10)
        let entry = self.credential()
        let id = entry.record.id
        cache.insert(entry, fetchedAt: self.start, generation: self.generation(cache.lookup(id, now: self.start))!)
        #expect(self.isHit(cache.lookup(id, now: self.start + .milliseconds(999))))
        #expect(!self.isHit(cache.lookup(id, now: self.start + .seconds(1))))
        #expect(cache.count == 0)
    }

    @Test func timeToLiveIsCappedAtOneSecond() {
        #expect(CredentialCache(timeToLive: .seconds(60), capacity: 1).timeToLive == .seconds(1))
        #expect(CredentialCache(timeToLive: .milliseconds(200), capacity: 1).timeToLive == .milliseconds(200))
    }

    @Test func aClockSteppedBackMakesEntriesStale() {
        var cache = CredentialCache(timeToLive: .seconds(1), capacity: 10)
        let entry = self.credential()
        cache.insert(entry, fetchedAt: self.start, generation: 0)
        #expect(!self.isHit(cache.lookup(entry.record.id, now: self.start + .milliseconds(-1))))
    }

    @Test func aReadThatRacedAnInvalidationIsNotCached() {
        var cache = CredentialCache(timeToLive: .seconds(1), capacity: 10)
        let entry = self.credential()
        let generation = self.generation(cache.lookup(entry.record.id, now: self.start))!
        cache.invalidate(entry.record.id)  // revoked while the read was in flight
        cache.insert(entry, fetchedAt: self.start, generation: generation)
        #expect(cache.count == 0)
    }

    @Test func capacityIsNeverExceeded() {
        var cache = CredentialCache(timeToLive: .seconds(1), capacity: 3)
        for offset in 0..<10 {
            cache.insert(self.credential(), fetchedAt: self.start + .milliseconds(Int64(offset)), generation: 0)
            #expect(cache.count <= 3)
        }
        var disabled = CredentialCache(timeToLive: .seconds(1), capacity: 0)
        disabled.insert(self.credential(), fetchedAt: self.start, generation: 0)
        #expect(disabled.count == 0)
    }

    @Test func unknownIdsAreRememberedApartAndDroppedByInvalidation() {
        var cache = CredentialCache(timeToLive: .seconds(1), capacity: 2)
        let known = self.credential()
        cache.insert(known, fetchedAt: self.start, generation: 0)
        let unknown = (0..<5).map { _ in APIKey.generate().id }
        for id in unknown {
            cache.insertAbsent(id, fetchedAt: self.start, generation: 0)
            #expect(cache.absentCount <= 2)
        }
        // A flood of unknown ids never evicts a known key.
        #expect(self.isHit(cache.lookup(known.record.id, now: self.start)))
        let remembered = unknown.last!
        guard case .absent = cache.lookup(remembered, now: self.start + .milliseconds(999)) else {
            Issue.record("an unknown id looked up within its time to live is not remembered")
            return
        }
        cache.invalidate(remembered)
        #expect(self.generation(cache.lookup(remembered, now: self.start)) != nil)
        // A read that raced the invalidation is not remembered.
        cache.insertAbsent(remembered, fetchedAt: self.start, generation: 0)
        #expect(self.generation(cache.lookup(remembered, now: self.start)) != nil)
        // And an unknown id is forgotten after its time to live.
        cache.insertAbsent(remembered, fetchedAt: self.start, generation: cache.generation)
        #expect(self.generation(cache.lookup(remembered, now: self.start + .seconds(1))) != nil)
    }

    @Test func partnerInvalidationDropsOnlyThatPartner() {
        var cache = CredentialCache(timeToLive: .seconds(1), capacity: 10)
        cache.insert(self.credential("acme"), fetchedAt: self.start, generation: 0)
        cache.insert(self.credential("acme"), fetchedAt: self.start, generation: 0)
        let other = self.credential("globex")
        cache.insert(other, fetchedAt: self.start, generation: 0)
        cache.invalidate(partner: "acme")
        #expect(cache.count == 1)
        #expect(self.isHit(cache.lookup(other.record.id, now: self.start)))
        cache.invalidateAll()
        #expect(cache.count == 0)
    }
}
