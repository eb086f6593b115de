import Foundation
import Testing
import FlintAPI
import Wire

/// What survives the server process being stopped or killed.
@Suite("Restarts of the apiserver process")
struct RestartEndToEndTests {
    static func admin(_ server: ServerProcess) async throws -> (ClientConnection, AdminClient) {
        let connection = try await server.connect()
        return (connection, AdminClient(connection: connection, key: try server.adminKey))
    }

    @Test("a key issued just before SIGKILL works after the restart")
    func issuedKeySurvivesKill() async throws {
        let first = try await ServerProcess()
        let (connection, admin) = try await Self.admin(first)
        let issued = try await admin.issue()
        first.kill9()
        await connection.close()
        let second = try await ServerProcess(home: first.home)
        let (again, _) = try await Self.admin(second)
        let rows = try await AdminClient(connection: again, key: issued.apiKey).usage()
        #expect(rows.completeUntilMs > 0)
        await again.close()
        #expect(await second.terminate() == 0)
    }

    @Test("usage older than the flush interval survives SIGKILL")
    func usageSurvivesKill() async throws {
        let first = try await ServerProcess()
        let (connection, admin) = try await Self.admin(first)
        let key = try await admin.issue(partner: "acme").apiKey
        let partner = AdminClient(connection: connection, key: key)
        for _ in 0..<3 { _ = try await partner.usage() }
        try await Task.sleep(for: .milliseconds(2500))  // the stated bound is 1 s
        first.kill9()
        await connection.close()
        let second = try await ServerProcess(home: first.home)
        let (again, admin2) = try await Self.admin(second)
        let rows = try await admin2.usage(partner: "acme", groupBy: [.method]).rows
        #expect(rows.first { $0.method == "/flint.v1.Admin/GetUsage" }?.requests == 3)
        await again.close()
        #expect(await second.terminate() == 0)
    }

    @Test("a restart does not hand a key a fresh burst")
    func bucketsSurviveRestart() async throws {
        let first = try await ServerProcess()
        let (connection, admin) = try await Self.admin(first)
        let key = try await admin.issue(partner: "acme", quota: Quota(requestsPerMinute: 3, requestBurst: 3)).apiKey
        let partner = AdminClient(connection: connection, key: key)
        for _ in 0..<3 { _ = try await partner.usage() }
        await connection.close()
        #expect(await first.terminate() == 0)
        let second = try await ServerProcess(home: first.home)
        let again = try await second.connect()
        let error = await #expect(throws: RPCError.self) { _ = try await AdminClient(connection: again, key: key).usage() }
        #expect(error?.code == .resourceExhausted)
        await again.close()
        #expect(await second.terminate() == 0)
    }
}
