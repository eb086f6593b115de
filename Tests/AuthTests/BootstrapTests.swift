import FlintTestSupport
import Foundation
import Logging
import Testing

@testable import Auth

@Suite struct BootstrapTests {
    private let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    private func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    @Test func aNewStoreWritesOneOwnerOnlyAdminKeyThatWorks() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let dataDirectory = directory.file("data/nested")
        let store = try await KeyStore.open(
            dataDirectory: dataDirectory,
            configuration: .init(lastUsedFlushInterval: nil),
            logger: self.quiet
        )
        let path = try #require(store.createdAdminKeyFile)
        #expect(path == dataDirectory + "/admin.key")
        #expect(try self.mode(path) == 0o600)
        #expect(try self.mode(dataDirectory + "/pepper") == 0o600)
        #expect(try self.mode(dataDirectory) == 0o700)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))

        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let key = try APIKey(parsing: text)
        let authenticator = Authenticator(store: store, logger: self.quiet)
        let principal = try await authenticator.authenticate(authorization: "Bearer " + text, requiring: .admin).get()
        #expect(principal.keyID == key.id)
        #expect(principal.partner == "admin")
        #expect(principal.scopes == Set(Scope.all))
        let audit = try await store.auditLog(target: key.id.rawValue)
        #expect(audit.map(\.action) == [.keyIssue])
        #expect(audit.first?.actor == nil)
        await store.close()

        let reopened = try await KeyStore.open(
            dataDirectory: dataDirectory,
            configuration: .init(lastUsedFlushInterval: nil),
            logger: self.quiet
        )
        #expect(reopened.createdAdminKeyFile == nil)
        #expect(try await reopened.listKeys(includeInactive: true).keys.map(\.id) == [key.id])
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains(text))
        await reopened.close()
    }

    @Test func bootstrapCanBeTurnedOff() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await KeyStore.open(
            dataDirectory: directory.path,
            configuration: .init(lastUsedFlushInterval: nil, bootstrapAdminKey: false),
            logger: self.quiet
        )
        #expect(store.createdAdminKeyFile == nil)
        #expect(!FileManager.default.fileExists(atPath: directory.file("admin.key")))
        await store.close()
    }

    @Test func aConfiguredPepperWritesNoPepperFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pepper = Pepper.random()
        let store = try await KeyStore.open(
            dataDirectory: directory.path,
            configuration: .init(pepper: pepper, lastUsedFlushInterval: nil),
            logger: self.quiet
        )
        #expect(!FileManager.default.fileExists(atPath: directory.file("pepper")))
        await store.close()
        let again = try await KeyStore.open(
            dataDirectory: directory.path,
            configuration: .init(pepper: pepper, lastUsedFlushInterval: nil),
            logger: self.quiet
        )
        await again.close()
    }

    @Test func theBackgroundFlushWritesLastUse() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await KeyStore.open(
            dataDirectory: directory.path,
            configuration: .init(lastUsedFlushInterval: .milliseconds(20)),
            logger: self.quiet
        )
        let text = try String(contentsOfFile: try #require(store.createdAdminKeyFile), encoding: .utf8)
        let key = try APIKey(parsing: text.trimmingCharacters(in: .newlines))
        let authenticator = Authenticator(store: store, logger: self.quiet)
        _ = try await authenticator.authenticate(authorization: "Bearer " + key.plaintext, requiring: .admin).get()
        let writes = store.databaseStatistics.writes
        var waited = 0
        while store.databaseStatistics.writes == writes, waited < 200 {
            try await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        #expect(store.databaseStatistics.writes == writes + 1)
        let stored = try await store.database.read { try $0.keyRecord(key.id) }
        #expect(stored?.lastUsedAt != nil)
        await store.close()
    }
}
