import FlintTestSupport
import Foundation
import Logging
import Storage
import Testing

@testable import Auth

@Suite struct KeyStoreTests {
    @Test func issueListAndFetch() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let quota = Quota(requestsPerMinute: 60, tokenBurst: 10_000)
        let issued = try await fixture.store.issueKey(
            partner: "acme",
            name: "ci",
            scopes: [.inference, .tools],
            quota: quota,
            actor: nil
        )
        #expect(issued.record.partner == "acme")
        #expect(issued.record.scopes == [.inference, .tools])
        #expect(issued.record.quota == quota)
        #expect(issued.record.createdAt == fixture.clock.now())
        #expect(try await fixture.store.key(id: issued.key.id) == issued.record)

        fixture.clock.advance(by: .seconds(1))
        let second = try await fixture.issue(partner: "acme")
        let other = try await fixture.issue(partner: "globex")
        let acme = try await fixture.store.listKeys(partner: "acme")
        #expect(acme.keys.map(\.id) == [second.key.id, issued.key.id])
        #expect(acme.nextPageToken == nil)
        let everyone = try await fixture.store.listKeys()
        #expect(Set(everyone.keys.map(\.id)) == [issued.key.id, second.key.id, other.key.id])
        #expect(try await fixture.store.listKeys(partner: "nobody").keys.isEmpty)
        await fixture.store.close()
    }

    @Test func listingPagesNewestFirst() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        var ids: [KeyID] = []
        for _ in 0..<5 {
            ids.append(try await fixture.issue().key.id)
            fixture.clock.advance(by: .milliseconds(10))
        }
        var seen: [KeyID] = []
        var token: String?
        repeat {
            let page = try await fixture.store.listKeys(pageSize: 2, pageToken: token)
            #expect(page.keys.count <= 2)
            seen += page.keys.map(\.id)
            token = page.nextPageToken
        } while token != nil
        #expect(seen == ids.reversed())
        await #expect(throws: KeyStoreError.self) { try await fixture.store.listKeys(pageToken: "garbage") }
        await #expect(throws: KeyStoreError.self) { try await fixture.store.listKeys(pageSize: 0) }
        await #expect(throws: KeyStoreError.self) { try await fixture.store.listKeys(pageSize: 1001) }
        await fixture.store.close()
    }

    @Test func listingNeverExposesSecretsOrHashes() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let issued = try await fixture.issue()
        let hmac = try fixture.store.hasher.tag(for: issued.key)
        let page = try await fixture.store.listKeys(includeInactive: true)
        var dumped = ""
        dump(page.keys, to: &dumped)
        #expect(!dumped.contains(issued.key.secret))
        #expect(!dumped.contains(hmac.map { String($0) }.joined(separator: ", ")))
        #expect(!"\(issued)".contains(issued.key.secret))
        var issuedDump = ""
        dump(issued, to: &issuedDump)
        #expect(!issuedDump.contains(issued.key.secret))
        await fixture.store.close()
    }

    @Test func revokeStopsTheKeyAndIsIdempotent() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let issued = try await fixture.issue()
        let admin = try await fixture.issue(partner: "admin", scopes: [.admin])
        let revoked = try await fixture.store.revokeKey(id: issued.key.id, actor: admin.key.id)
        #expect(revoked.revokedAt == fixture.clock.now())
        #expect(revoked.status(at: fixture.clock.now()) == .revoked)
        fixture.clock.advance(by: .seconds(5))
        let again = try await fixture.store.revokeKey(id: issued.key.id, actor: admin.key.id)
        #expect(again.revokedAt == revoked.revokedAt)
        #expect(try await fixture.store.listKeys(partner: "acme").keys.isEmpty)
        #expect(try await fixture.store.listKeys(partner: "acme", includeInactive: true).keys.count == 1)
        let audit = try await fixture.store.auditLog(target: issued.key.id.rawValue)
        #expect(audit.map(\.action) == [.keyRevoke, .keyIssue])
        #expect(audit.first?.actor == admin.key.id)
        await fixture.store.close()
    }

    @Test func revokingAnUnknownKeyIsNotFound() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let unknown = APIKey.generate().id
        let error = await #expect(throws: KeyStoreError.self) {
            try await fixture.store.revokeKey(id: unknown, actor: nil)
        }
        #expect(error?.code == .notFound)
        let rotate = await #expect(throws: KeyStoreError.self) {
            try await fixture.store.rotateKey(id: unknown, gracePeriod: .zero, actor: nil)
        }
        #expect(rotate?.code == .notFound)
        let quota = await #expect(throws: KeyStoreError.self) {
            try await fixture.store.setKeyQuota(id: unknown, quota: Quota(), actor: nil)
        }
        #expect(quota?.code == .notFound)
        #expect(try await fixture.store.key(id: unknown) == nil)
        await fixture.store.close()
    }

    @Test func keysExpireAtTheirTime() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let expiry = fixture.clock.now() + .seconds(60)
        let issued = try await fixture.issue(expiresAt: expiry)
        #expect(issued.record.status(at: fixture.clock.now()) == .active)
        fixture.clock.advance(by: .seconds(60))
        let record = try #require(try await fixture.store.key(id: issued.key.id))
        #expect(record.status(at: fixture.clock.now()) == .expired)
        #expect(try await fixture.store.listKeys().keys.isEmpty)
        let past = await #expect(throws: KeyStoreError.self) {
            try await fixture.issue(expiresAt: fixture.clock.now())
        }
        #expect(past?.code == .invalidArgument)
        await fixture.store.close()
    }

    @Test func rotationKeepsTheOldKeyForTheGracePeriodOnly() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let original = try await fixture.store.issueKey(
            partner: "acme",
            name: "deploy",
            scopes: [.inference, .agents],
            quota: Quota(maxConcurrentStreams: 4),
            actor: nil
        )
        fixture.clock.advance(by: .seconds(10))
        let rotated = try await fixture.store.rotateKey(id: original.key.id, gracePeriod: .seconds(300), actor: nil)
        let replacement = rotated.issued.record
        #expect(replacement.rotatedFrom == original.key.id)
        #expect(replacement.partner == "acme")
        #expect(replacement.name == "deploy")
        #expect(replacement.scopes == [.inference, .agents])
        #expect(replacement.quota == Quota(maxConcurrentStreams: 4))
        #expect(rotated.issued.key.id != original.key.id)
        #expect(rotated.previous.expiresAt == fixture.clock.now() + .seconds(300))
        #expect(try await fixture.store.key(id: original.key.id)?.expiresAt == rotated.previous.expiresAt)

        fixture.clock.advance(by: .seconds(299))
        #expect(try await fixture.store.key(id: original.key.id)?.status(at: fixture.clock.now()) == .active)
        fixture.clock.advance(by: .seconds(1))
        #expect(try await fixture.store.key(id: original.key.id)?.status(at: fixture.clock.now()) == .expired)
        #expect(try await fixture.store.key(id: rotated.issued.key.id)?.status(at: fixture.clock.now()) == .active)

        let again = await #expect(throws: KeyStoreError.self) {
            try await fixture.store.rotateKey(id: original.key.id, gracePeriod: .zero, actor: nil)
        }
        #expect(again?.code == .failedPrecondition)
        let audit = try await fixture.store.auditLog(target: original.key.id.rawValue)
        #expect(audit.first?.action == .keyRotate)
        #expect(audit.first?.details.contains(rotated.issued.key.id.rawValue) == true)
        await fixture.store.close()
    }

    @Test func rotationNeverExtendsAnEarlierExpiry() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let expiry = fixture.clock.now() + .seconds(30)
        let original = try await fixture.issue(expiresAt: expiry)
        let rotated = try await fixture.store.rotateKey(id: original.key.id, gracePeriod: .seconds(3600), actor: nil)
        #expect(rotated.previous.expiresAt == expiry)
        #expect(rotated.issued.record.expiresAt == expiry)
        let revoked = try await fixture.issue()
        try await fixture.store.revokeKey(id: revoked.key.id, actor: nil)
        let error = await #expect(throws: KeyStoreError.self) {
            try await fixture.store.rotateKey(id: revoked.key.id, gracePeriod: .zero, actor: nil)
        }
        #expect(error?.code == .failedPrecondition)
        await fixture.store.close()
    }

    @Test func quotesAndSQLFragmentsAreStoredVerbatim() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let names = [
            "O'Brien & \"Sons\"", "'; DROP TABLE keys; --", "Robert'); DELETE FROM partners; --", "%_\\", "ünïcødé 🚀",
        ]
        for name in names {
            let issued = try await fixture.store.issueKey(partner: name, name: name, scopes: [.inference], actor: nil)
            #expect(try await fixture.store.key(id: issued.key.id)?.partner == name)
            #expect(try await fixture.store.key(id: issued.key.id)?.name == name)
            #expect(try await fixture.store.listKeys(partner: name).keys.map(\.id) == [issued.key.id])
        }
        #expect(try await fixture.store.listKeys(pageSize: 100).keys.count == names.count)
        let audit = try await fixture.store.auditLog(target: "'; DROP TABLE keys; --")
        #expect(audit.map(\.action) == [.partnerCreate])
        await fixture.store.close()
    }

    @Test func overlongAndControlCharacterNamesAreRejected() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let tenKiB = String(repeating: "a", count: 10 * 1024)
        let rejected = [tenKiB, String(repeating: "é", count: 201), "", "   ", "line\nbreak", "nul\u{0}", "bidi\u{202E}txt"]
        for text in rejected {
            let partner = await #expect(throws: KeyStoreError.self) {
                try await fixture.store.issueKey(partner: text, name: "n", scopes: [.inference], actor: nil)
            }
            #expect(partner?.code == .invalidArgument)
            #expect(partner?.message.contains(tenKiB) == false)
            let name = await #expect(throws: KeyStoreError.self) {
                try await fixture.store.issueKey(partner: "p", name: text, scopes: [.inference], actor: nil)
            }
            #expect(name?.code == .invalidArgument)
        }
        let longest = String(repeating: "é", count: 200)
        let issued = try await fixture.store.issueKey(partner: longest, name: "n", scopes: [.inference], actor: nil)
        #expect(issued.record.partner == longest)
        #expect(try await fixture.store.listKeys(includeInactive: true).keys.count == 1)
        await fixture.store.close()
    }

    @Test func scopesAndQuotasAreValidated() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let unknown = #expect(throws: KeyStoreError.self) { try Scope.parse(["inference", "superuser"]) }
        #expect(unknown?.code == .invalidArgument)
        #expect(try Scope.parse(["admin", "tools", "admin"]) == [.admin, .tools])
        let none = await #expect(throws: KeyStoreError.self) {
            try await fixture.store.issueKey(partner: "p", name: "n", scopes: [], actor: nil)
        }
        #expect(none?.code == .invalidArgument)
        let negative = await #expect(throws: KeyStoreError.self) {
            try await fixture.store.issueKey(partner: "p", name: "n", scopes: [.inference], quota: Quota(requestBurst: -1), actor: nil)
        }
        #expect(negative?.code == .invalidArgument)
        #expect(try await fixture.store.listKeys(includeInactive: true).keys.isEmpty)
        await fixture.store.close()
    }

    @Test func quotasCanBeSetPerKeyAndPerPartner() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let issued = try await fixture.issue()
        let keyQuota = Quota(requestsPerMinute: 10, requestBurst: 5, dailyTokens: 1_000_000)
        let updated = try await fixture.store.setKeyQuota(id: issued.key.id, quota: keyQuota, actor: nil)
        #expect(updated.quota == keyQuota)
        #expect(try await fixture.store.key(id: issued.key.id)?.quota == keyQuota)
        let partnerQuota = Quota(tokensPerMinute: 50_000, maxConcurrentStreams: 8)
        #expect(try await fixture.store.setPartnerQuota(partner: "acme", quota: partnerQuota, actor: nil) == partnerQuota)
        #expect(try await fixture.store.partnerQuota(partner: "acme") == partnerQuota)
        #expect(try await fixture.store.partnerQuota(partner: "nobody") == nil)
        let unknown = await #expect(throws: KeyStoreError.self) {
            try await fixture.store.setPartnerQuota(partner: "nobody", quota: partnerQuota, actor: nil)
        }
        #expect(unknown?.code == .notFound)
        let audit = try await fixture.store.auditLog(limit: 2)
        #expect(audit.map(\.action) == [.partnerSetQuota, .keySetQuota])
        #expect(audit.first?.details.contains("\"tokens_per_minute\":50000") == true)
        await fixture.store.close()
    }

    @Test func acknowledgedWritesSurviveWithoutAClose() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        #expect(try await fixture.store.database.read { try $0.queryFirst("PRAGMA synchronous")?.get(0, as: Int.self) } == 2)
        let issued = try await fixture.store.issueKey(partner: "admin", name: "ops", scopes: Set(Scope.all), actor: nil)
        // No close, no flush, no checkpoint: a second process opens the files as they are.
        let fresh = try await fixture.reopen()
        let authenticator = Authenticator(store: fresh, logger: .init(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let result = await authenticator.authenticate(authorization: bearer(issued.key), requiring: .admin)
        #expect((try? result.get())?.keyID == issued.key.id)
        await fresh.close()

        // The files as a crash would leave them: copied while the store is still open.
        let snapshot = try TemporaryDirectory()
        defer { snapshot.remove() }
        for name in ["keys.sqlite", "keys.sqlite-wal", "pepper"] where FileManager.default.fileExists(atPath: fixture.directory.file(name)) {
            try FileManager.default.copyItem(atPath: fixture.directory.file(name), toPath: snapshot.file(name))
        }
        let recovered = try await KeyStore.open(
            dataDirectory: snapshot.path,
            configuration: .init(lastUsedFlushInterval: nil, bootstrapAdminKey: false),
            clock: fixture.clock,
            logger: .init(label: "test") { _ in SwiftLogNoOpLogHandler() }
        )
        let afterCrash = Authenticator(store: recovered, logger: .init(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let recoveredResult = await afterCrash.authenticate(authorization: bearer(issued.key), requiring: .admin)
        #expect((try? recoveredResult.get())?.keyID == issued.key.id)
        await recovered.close()
        await fixture.store.close()
    }

    @Test func lastUseIsBatchedIntoOneWritePerFlush() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let first = try await fixture.issue()
        let second = try await fixture.issue()
        let authenticator = Authenticator(store: fixture.store, logger: .init(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let writesBefore = fixture.store.databaseStatistics.writes
        for round in 0..<50 {
            fixture.clock.advance(by: .milliseconds(10))
            let key = round.isMultiple(of: 2) ? first.key : second.key
            _ = try await authenticator.authenticate(authorization: bearer(key), requiring: .inference).get()
        }
        #expect(fixture.store.databaseStatistics.writes == writesBefore)
        // Listings already show the pending time.
        #expect(try await fixture.store.key(id: second.key.id)?.lastUsedAt == fixture.clock.now())

        #expect(try await fixture.store.flushLastUsed() == 2)
        #expect(fixture.store.databaseStatistics.writes == writesBefore + 1)
        #expect(try await fixture.store.flushLastUsed() == 0)
        #expect(fixture.store.databaseStatistics.writes == writesBefore + 1)

        let other = try await fixture.reopen()
        #expect(try await other.key(id: second.key.id)?.lastUsedAt == fixture.clock.now())
        #expect(try await other.key(id: first.key.id)?.lastUsedAt == fixture.clock.now() + .milliseconds(-10))
        await other.close()
        await fixture.store.close()
    }

    @Test func closeFlushesPendingLastUse() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        let issued = try await fixture.issue()
        let authenticator = Authenticator(store: fixture.store, logger: .init(label: "test") { _ in SwiftLogNoOpLogHandler() })
        _ = try await authenticator.authenticate(authorization: bearer(issued.key), requiring: .inference).get()
        await fixture.store.close()
        let reopened = try await fixture.reopen()
        #expect(try await reopened.key(id: issued.key.id)?.lastUsedAt == fixture.clock.now())
        await reopened.close()
        let closed = await #expect(throws: (any Error).self) { try await fixture.store.key(id: issued.key.id) }
        #expect(closed != nil)
    }

    @Test func aDifferentPepperIsRefused() async throws {
        let fixture = try await StoreFixture.make()
        defer { fixture.directory.remove() }
        await fixture.store.close()
        let error = await #expect(throws: KeyStoreError.self) {
            try await KeyStore.open(
                dataDirectory: fixture.directory.path,
                configuration: .init(pepper: Pepper.random(), lastUsedFlushInterval: nil),
                clock: fixture.clock,
                logger: .init(label: "test") { _ in SwiftLogNoOpLogHandler() }
            )
        }
        #expect(error?.code == .configuration)
    }
}
