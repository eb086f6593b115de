import Dispatch
import FlintTestSupport
import Logging
import Storage
import Synchronization
import Testing

@testable import Auth

@Suite struct AuthenticatorTests {
    private let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    private func failure(_ result: Result<Principal, AuthFailure>) -> AuthFailure? {
        guard case .failure(let failure) = result else { return nil }
        return failure
    }

    @Test func aValidKeyYieldsItsPrincipal() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let issued = try await fixture.store.issueKey(
            partner: "acme",
            name: "ci",
            scopes: [.inference, .tools],
            quota: Quota(requestsPerMinute: 30),
            actor: nil
        )
        try await fixture.store.setPartnerQuota(partner: "acme", quota: Quota(dailyTokens: 1000), actor: nil)
        let authenticator = Authenticator(store: fixture.store, logger: self.quiet)
        let principal = try await authenticator.authenticate(authorization: bearer(issued.key), requiring: .tools).get()
        #expect(
            principal
                == Principal(
                    keyID: issued.key.id,
                    partner: "acme",
                    keyName: "ci",
                    scopes: [.inference, .tools],
                    keyQuota: Quota(requestsPerMinute: 30),
                    partnerQuota: Quota(dailyTokens: 1000)
                )
        )
        let lowercase = await authenticator.authenticate(authorization: "bearer  " + issued.key.plaintext, requiring: .tools)
        #expect((try? lowercase.get()) == principal)
        await fixture.store.close()
    }

    @Test func everyUnusableKeyGetsTheSameAnswer() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let authenticator = Authenticator(store: fixture.store, logger: self.quiet)
        let valid = try await fixture.issue()
        let revoked = try await fixture.issue()
        try await fixture.store.revokeKey(id: revoked.key.id, actor: nil)
        let expiring = try await fixture.issue(expiresAt: fixture.clock.now() + .seconds(1))
        let rotated = try await fixture.issue()
        _ = try await fixture.store.rotateKey(id: rotated.key.id, gracePeriod: .zero, actor: nil)
        fixture.clock.advance(by: .seconds(1))

        let withoutChecksum = Array(valid.key.plaintext.dropLast(APIKey.checksumLength))
        var wrongSecret = Array(withoutChecksum.dropLast())
        wrongSecret.append(withoutChecksum.last == "a" ? "b" : "a")  // differs from the real last character
        let wrongSecretKey = String(wrongSecret)
        let body = Array(wrongSecretKey.utf8)
        let forged = wrongSecretKey + Base62.encode(UInt64(CRC32.checksum(body)), width: APIKey.checksumLength)
        #expect((try? APIKey(parsing: forged)) != nil)  // well-formed, right id, wrong secret

        let cases: [String] = [
            "",
            "Bearer",
            "Bearer ",
            "Basic dXNlcjpwYXNz",
            valid.key.plaintext,  // no scheme
            "Bearer " + String(repeating: "x", count: 1 << 20),
            "Bearer flint_ÄÖÜ",
            "Bearer sk-" + valid.key.plaintext.dropFirst(6),
            "Bearer " + valid.key.plaintext.dropLast() + (valid.key.plaintext.hasSuffix("0") ? "1" : "0"),
            "Bearer " + APIKey.generate().plaintext,  // unknown
            "Bearer " + forged,
            bearer(revoked.key),
            bearer(expiring.key),
            bearer(rotated.key),
        ]
        var messages: Set<String> = []
        for authorization in cases {
            let failure = try #require(self.failure(await authenticator.authenticate(authorization: authorization, requiring: .inference)))
            #expect(failure == .unauthenticated)
            messages.insert(failure.message)
        }
        #expect(messages == [AuthFailure.unauthenticatedMessage])
        #expect((try? await authenticator.authenticate(authorization: bearer(valid.key), requiring: .inference).get()) != nil)
        await fixture.store.close()
    }

    @Test func aMissingScopeIsPermissionDeniedNamingIt() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let authenticator = Authenticator(store: fixture.store, logger: self.quiet)
        let issued = try await fixture.issue(scopes: [.inference])
        let failure = try #require(self.failure(await authenticator.authenticate(authorization: bearer(issued.key), requiring: .admin)))
        #expect(failure.code == .permissionDenied)
        #expect(failure.requiredScope == .admin)
        #expect(failure.message.contains("admin"))
        // A revoked key never reaches the scope check.
        try await fixture.store.revokeKey(id: issued.key.id, actor: nil)
        let revoked = self.failure(await authenticator.authenticate(authorization: bearer(issued.key), requiring: .admin))
        #expect(revoked == .unauthenticated)
        await fixture.store.close()
    }

    @Test func revocationThroughTheStoreTakesEffectAtOnce() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let authenticator = Authenticator(store: fixture.store, logger: self.quiet)
        let issued = try await fixture.issue()
        #expect((try? await authenticator.authenticate(authorization: bearer(issued.key), requiring: .inference).get()) != nil)
        #expect(authenticator.cachedKeyCount == 1)
        try await fixture.store.revokeKey(id: issued.key.id, actor: nil)
        #expect(authenticator.cachedKeyCount == 0)
        let result = await authenticator.authenticate(authorization: bearer(issued.key), requiring: .inference)
        #expect(self.failure(result) == .unauthenticated)
        await fixture.store.close()
    }

    @Test func quotaChangesReachTheNextCall() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let authenticator = Authenticator(store: fixture.store, logger: self.quiet)
        let issued = try await fixture.issue()
        _ = try await authenticator.authenticate(authorization: bearer(issued.key), requiring: .inference).get()
        try await fixture.store.setKeyQuota(id: issued.key.id, quota: Quota(requestBurst: 3), actor: nil)
        let afterKey = try await authenticator.authenticate(authorization: bearer(issued.key), requiring: .inference).get()
        #expect(afterKey.keyQuota == Quota(requestBurst: 3))
        try await fixture.store.setPartnerQuota(partner: "acme", quota: Quota(tokenBurst: 7), actor: nil)
        let afterPartner = try await authenticator.authenticate(authorization: bearer(issued.key), requiring: .inference).get()
        #expect(afterPartner.partnerQuota == Quota(tokenBurst: 7))
        await fixture.store.close()
    }

    @Test func changesMadeElsewhereShowWithinOneSecond() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let authenticator = Authenticator(store: fixture.store, logger: self.quiet)
        let issued = try await fixture.issue()
        _ = try await authenticator.authenticate(authorization: bearer(issued.key), requiring: .inference).get()
        // Another server process revokes the key; this authenticator hears nothing.
        let elsewhere = try await fixture.reopen()
        try await elsewhere.revokeKey(id: issued.key.id, actor: nil)
        await elsewhere.close()
        fixture.clock.advance(by: .milliseconds(999))
        #expect((try? await authenticator.authenticate(authorization: bearer(issued.key), requiring: .inference).get()) != nil)
        fixture.clock.advance(by: .milliseconds(1))
        let result = await authenticator.authenticate(authorization: bearer(issued.key), requiring: .inference)
        #expect(self.failure(result) == .unauthenticated)
        await fixture.store.close()
    }

    @Test func explicitInvalidationDropsOneKeyAtOnce() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let authenticator = Authenticator(store: fixture.store, logger: self.quiet)
        let first = try await fixture.issue()
        let second = try await fixture.issue()
        _ = try await authenticator.authenticate(authorization: bearer(first.key), requiring: .inference).get()
        _ = try await authenticator.authenticate(authorization: bearer(second.key), requiring: .inference).get()
        let elsewhere = try await fixture.reopen()
        try await elsewhere.revokeKey(id: first.key.id, actor: nil)
        await elsewhere.close()
        authenticator.invalidate(keyID: first.key.id)
        #expect(authenticator.cachedKeyCount == 1)
        #expect(self.failure(await authenticator.authenticate(authorization: bearer(first.key), requiring: .inference)) == .unauthenticated)
        #expect((try? await authenticator.authenticate(authorization: bearer(second.key), requiring: .inference).get()) != nil)
        await fixture.store.close()
    }

    @Test func cacheHitsDoNotTouchTheDatabase() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let authenticator = Authenticator(store: fixture.store, logger: self.quiet)
        let issued = try await fixture.issue()
        let before = fixture.store.databaseStatistics
        _ = try await authenticator.authenticate(authorization: bearer(issued.key), requiring: .inference).get()
        #expect(fixture.store.databaseStatistics.reads == before.reads + 1)
        for _ in 0..<100 {
            _ = try await authenticator.authenticate(authorization: bearer(issued.key), requiring: .inference).get()
            _ = await authenticator.authenticate(authorization: bearer(issued.key), requiring: .admin)
        }
        #expect(fixture.store.databaseStatistics == Database.Statistics(reads: before.reads + 1, writes: before.writes))
        fixture.clock.advance(by: .seconds(1))
        _ = try await authenticator.authenticate(authorization: bearer(issued.key), requiring: .inference).get()
        #expect(fixture.store.databaseStatistics.reads == before.reads + 2)
        await fixture.store.close()
    }

    @Test func malformedKeysNeverReachTheDatabase() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let authenticator = Authenticator(store: fixture.store, logger: self.quiet)
        let valid = try await fixture.issue().key.plaintext
        let before = fixture.store.databaseStatistics
        for position in valid.indices {
            var mutated = valid
            mutated.replaceSubrange(position...position, with: valid[position] == "Q" ? "R" : "Q")
            _ = await authenticator.authenticate(authorization: "Bearer " + mutated, requiring: .inference)
        }
        _ = await authenticator.authenticate(authorization: "Bearer " + String(repeating: "a", count: 1 << 20), requiring: .inference)
        #expect(fixture.store.databaseStatistics == before)
        await fixture.store.close()
    }

    @Test func aFloodOfUnknownKeysDoesNotGrowTheCache() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let authenticator = Authenticator(
            store: fixture.store,
            configuration: .init(cacheCapacity: 16),
            logger: self.quiet
        )
        for _ in 0..<500 {
            let result = await authenticator.authenticate(authorization: bearer(APIKey.generate()), requiring: .inference)
            #expect(self.failure(result) == .unauthenticated)
        }
        #expect(authenticator.cachedKeyCount == 0)
        #expect(authenticator.cachedUnknownKeyCount <= 16)
        for _ in 0..<40 {
            let issued = try await fixture.issue()
            _ = try await authenticator.authenticate(authorization: bearer(issued.key), requiring: .inference).get()
        }
        #expect(authenticator.cachedKeyCount <= 16)
        await fixture.store.close()
    }

    @Test func anUnknownKeyIdReachesTheStoreOncePerTimeToLive() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let authenticator = Authenticator(store: fixture.store, logger: self.quiet)
        let known = try await fixture.issue()
        _ = try await authenticator.authenticate(authorization: bearer(known.key), requiring: .inference).get()
        let unknown = bearer(APIKey.generate())
        let before = fixture.store.databaseStatistics.reads
        for _ in 0..<50 {
            #expect(self.failure(await authenticator.authenticate(authorization: unknown, requiring: .inference)) == .unauthenticated)
        }
        #expect(fixture.store.databaseStatistics.reads == before + 1)
        #expect(authenticator.cachedUnknownKeyCount == 1)
        // The known key stays cached beside it.
        _ = try await authenticator.authenticate(authorization: bearer(known.key), requiring: .inference).get()
        #expect(fixture.store.databaseStatistics.reads == before + 1)
        fixture.clock.advance(by: .seconds(1))
        _ = await authenticator.authenticate(authorization: unknown, requiring: .inference)
        #expect(fixture.store.databaseStatistics.reads == before + 2)
        await fixture.store.close()
    }

    @Test func issuingAndRotatingAnnounceTheNewIds() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let changes = Mutex<[KeyStoreChange]>([])
        fixture.store.addChangeObserver { change in changes.withLock { $0.append(change) } }
        let issued = try await fixture.issue()
        let rotated = try await fixture.store.rotateKey(id: issued.key.id, gracePeriod: .zero, actor: nil)
        #expect(changes.withLock { $0 } == [.key(issued.key.id), .key(issued.key.id), .key(rotated.issued.key.id)])
        await fixture.store.close()
    }

    @Test func storeReadsBeyondTheBoundAreUnavailableAtOnceAndCachedKeysStillPass() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let authenticator = Authenticator(store: fixture.store, configuration: .init(maxPendingStoreReads: 2), logger: self.quiet)
        let known = try await fixture.issue()
        _ = try await authenticator.authenticate(authorization: bearer(known.key), requiring: .inference).get()
        // Hold the database's one connection, as a slow disk would.
        let release = DispatchSemaphore(value: 0)
        let holding = Task { try await fixture.store.database.write { _ in release.wait() } }
        let (results, continuation) = AsyncStream.makeStream(of: AuthFailure?.self)
        let callers = Task {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        let result = await authenticator.authenticate(authorization: bearer(APIKey.generate()), requiring: .inference)
                        continuation.yield(self.failure(result))
                    }
                }
            }
            continuation.finish()
        }
        // Eight are answered while the store is still held: they never queued.
        let early = try await bounded(.seconds(30)) {
            var unavailable = 0
            for await failure in results {
                #expect(failure == .unavailable)
                unavailable += 1
                if unavailable == 8 { break }
            }
            return unavailable
        }
        #expect(early == 8)
        // A cached key needs no read, so it passes while the store is held.
        _ = try await authenticator.authenticate(authorization: bearer(known.key), requiring: .inference).get()
        release.signal()
        try await holding.value
        await callers.value
        await fixture.store.close()
    }

    @Test func aClosedStoreMakesAuthenticationUnavailableNotUnauthenticated() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let authenticator = Authenticator(store: fixture.store, logger: self.quiet)
        let issued = try await fixture.issue()
        await fixture.store.close()
        let result = await authenticator.authenticate(authorization: bearer(issued.key), requiring: .inference)
        #expect(self.failure(result) == .unavailable)
    }

    @Test func concurrentAuthenticationsAgree() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let authenticator = Authenticator(store: fixture.store, logger: self.quiet)
        let issued = try await fixture.issue()
        let key = issued.key
        try await withThrowingTaskGroup(of: KeyID.self) { group in
            for _ in 0..<200 {
                group.addTask { try await authenticator.authenticate(authorization: bearer(key), requiring: .inference).get().keyID }
            }
            for try await id in group {
                #expect(id == key.id)
            }
        }
        await fixture.store.close()
    }
}
