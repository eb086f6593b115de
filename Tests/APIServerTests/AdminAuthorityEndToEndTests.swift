import FlintTestSupport
import Foundation
import Testing
import FlintAPI

/// Who administers whom: the operator's partner administers everyone; the admin scope goes
/// to another partner's key only with `--allow-partner-admins`, and such a key manages its
/// own partner only.
@Suite("Admin authority end to end")
struct AdminAuthorityEndToEndTests {
    static func code(_ body: () async throws -> Void) async -> StatusCode? {
        do {
            try await body()
            return nil
        } catch let error as RPCError {
            return error.code
        } catch {
            return .unknown
        }
    }

    @Test("without the flag the admin scope cannot be granted to another partner's key")
    func grantNeedsTheFlag() async throws {
        try await KeysEndToEndTests.withAdmin { _, _, admin in
            let error = await #expect(throws: RPCError.self) { _ = try await admin.issue(partner: "acme", scopes: ["inference", "admin"]) }
            #expect(error?.code == .permissionDenied)
            let message = error?.message ?? ""
            #expect(message.contains("--allow-partner-admins"))
            // The operator's own partner can still get admin keys.
            let operatorKey = try await admin.issue(partner: "admin", scopes: ["admin"])
            #expect(operatorKey.key?.scopes == ["admin"])
        }
    }

    @Test("with the flag a partner admin manages its own partner's keys and nothing else")
    func partnerAdminsAreConfined() async throws {
        try await TestServer.with(configure: { $0.allowsPartnerAdmins = true }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let root = AdminClient(connection: connection, key: try server.adminKey)
            let acmeAdmin = AdminClient(connection: connection, key: try await root.issue(partner: "acme", scopes: ["admin"]).apiKey)
            let globexKey = try await root.issue(partner: "globex")
            let acmeKey = try await acmeAdmin.issue(partner: "acme")
            // Its own partner: issue, list, quota, revoke.
            #expect(try await acmeAdmin.list().keys.allSatisfy { $0.partner == "acme" })
            _ = try await acmeAdmin.setQuota(.keyID(acmeKey.key!.id), Quota(requestsPerMinute: 5))
            _ = try await acmeAdmin.revoke(acmeKey.key!.id)
            // Any other partner, or the operator's powers: refused.
            #expect(await Self.code { _ = try await acmeAdmin.issue(partner: "globex") } == .permissionDenied)
            #expect(await Self.code { _ = try await acmeAdmin.list(partner: "globex") } == .permissionDenied)
            #expect(await Self.code { _ = try await acmeAdmin.revoke(globexKey.key!.id) } == .notFound)
            #expect(await Self.code { _ = try await acmeAdmin.setQuota(.keyID(globexKey.key!.id), Quota(requestsPerMinute: 1)) } == .notFound)
            #expect(await Self.code { _ = try await acmeAdmin.setQuota(.partner("acme"), Quota(requestsPerMinute: 1_000_000)) } == .permissionDenied)
            #expect(await Self.code { _ = try await acmeAdmin.usage(partner: "globex") } == .permissionDenied)
            // The globex key still works: nothing was done to it.
            #expect(try await root.list(partner: "globex").keys.first?.revokedAtMs == 0)
        }
    }

    @Test("a partner's admin key made with the flag cannot use the scope once the flag is gone")
    func scopeNeedsTheFlagToBeUsed() async throws {
        let directory = try TemporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let partnerAdminKey = try await TestServer.with(configure: { $0.allowsPartnerAdmins = true; $0.dataDirectory = directory }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            return try await AdminClient(connection: connection, key: try server.adminKey).issue(partner: "acme", scopes: ["admin"]).apiKey
        }
        try await TestServer.with(configure: { $0.dataDirectory = directory }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let acmeAdmin = AdminClient(connection: connection, key: partnerAdminKey)
            let error = await #expect(throws: RPCError.self) { _ = try await acmeAdmin.list() }
            #expect(error?.code == .permissionDenied)
            let message = error?.message ?? ""
            #expect(message.contains("--allow-partner-admins"))
        }
    }
}
