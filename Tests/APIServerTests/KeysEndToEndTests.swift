import Foundation
import Testing
import FlintAPI
import Wire

/// API keys through the real server and TLS: issue, use, revoke, rotate, and every bad key.
@Suite("API keys end to end")
struct KeysEndToEndTests {
    static func withAdmin<T: Sendable>(_ body: (TestServer, ClientConnection, AdminClient) async throws -> T) async throws -> T {
        try await TestServer.with(extraMethods: { TestMethods.registerInference(in: &$0) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            return try await body(server, connection, AdminClient(connection: connection, key: try server.adminKey))
        }
    }

    @Test("an issued key works for its scope, and is refused at once after revoke")
    func issueUseRevoke() async throws {
        try await Self.withAdmin { _, connection, admin in
            let issued = try await admin.issue()
            #expect(issued.apiKey.hasPrefix("flint_"))
            #expect(issued.key?.scopes == ["inference"])
            #expect(await connection.inferenceStatus(key: issued.apiKey) == .ok)
            _ = try await admin.revoke(issued.key!.id)
            #expect(await connection.inferenceStatus(key: issued.apiKey) == .unauthenticated)
        }
    }

    @Test("listing shows keys without any secret")
    func listWithoutSecrets() async throws {
        try await Self.withAdmin { _, _, admin in
            let issued = try await admin.issue(partner: "globex")
            let listed = try await admin.list(partner: "globex")
            #expect(listed.keys.map(\.id) == [issued.key!.id])
            #expect(!"\(listed)".contains(String(issued.apiKey.dropFirst(20))))
        }
    }

    @Test("every unusable key gets UNAUTHENTICATED with the same message")
    func badKeys() async throws {
        try await Self.withAdmin { _, connection, admin in
            let valid = try await admin.issue().apiKey
            let revoked = try await admin.issue()
            _ = try await admin.revoke(revoked.key!.id)
            let rotated = try await admin.issue()
            _ = try await admin.rotate(rotated.key!.id, graceSeconds: 0)
            let expiring = try await admin.issue(expiresAtMs: Int64(Date().timeIntervalSince1970 * 1000) + 500)
            try await Task.sleep(for: .milliseconds(1500))
            var badChecksum = Array(valid)
            badChecksum[badChecksum.count - 1] = badChecksum.last == "A" ? "B" : "A"
            let keys = [
                "", String(repeating: "k", count: 10 << 10), "flint_ÄÖÜ_ß", "sk-" + valid.dropFirst(6), String(badChecksum),
                "flint_000000000000_" + String(repeating: "a", count: 33), revoked.apiKey, rotated.apiKey, expiring.apiKey,
            ]
            var messages: Set<String> = []
            for key in keys {
                do {
                    _ = try await connection.unary(
                        TestMethods.inferencePath, request: HealthCheckRequest(), options: CallOptions(apiKey: key), responseType: HealthCheckResponse.self)
                    Issue.record("a bad key was accepted")
                } catch let error as RPCError {
                    #expect(error.code == .unauthenticated)
                    messages.insert(error.message)
                }
            }
            #expect(messages.count == 1)
            // A key too long for any HEADERS is refused by size, before any key is looked at.
            let huge = await #expect(throws: RPCError.self) {
                _ = try await connection.unary(
                    TestMethods.inferencePath, request: HealthCheckRequest(), options: CallOptions(apiKey: String(repeating: "k", count: 1 << 20)),
                    responseType: HealthCheckResponse.self)
            }
            #expect(huge?.code == .resourceExhausted)
            #expect(huge?.details == [.errorInfo(ErrorInfo(reason: "HEADERS_TOO_LARGE"))])
            #expect(await connection.inferenceStatus(key: valid) == .ok)
        }
    }

    @Test("a rotated key keeps working for its grace period; the new key works")
    func rotation() async throws {
        try await Self.withAdmin { _, connection, admin in
            let old = try await admin.issue()
            let rotated = try await admin.rotate(old.key!.id, graceSeconds: 3600)
            #expect(rotated.key?.rotatedFrom == old.key?.id)
            #expect(await connection.inferenceStatus(key: old.apiKey) == .ok)
            #expect(await connection.inferenceStatus(key: rotated.apiKey) == .ok)
        }
    }

    @Test("a key without the admin scope gets PERMISSION_DENIED naming the scope")
    func nonAdmin() async throws {
        try await Self.withAdmin { _, connection, admin in
            let partnerKey = try await admin.issue().apiKey
            let error = await #expect(throws: RPCError.self) {
                _ = try await AdminClient(connection: connection, key: partnerKey).list()
            }
            #expect(error?.code == .permissionDenied)
            #expect(error?.message.contains("admin") == true)
            let missing = await #expect(throws: RPCError.self) { _ = try await AdminClient(connection: connection, key: "").list() }
            #expect(missing?.code == .unauthenticated)
        }
    }

    @Test("revoking an unknown id is NOT_FOUND; bad scopes and partner names are INVALID_ARGUMENT")
    func adminBadInput() async throws {
        try await Self.withAdmin { _, _, admin in
            for id in ["000000000000", "not-an-id", ""] {
                let error = await #expect(throws: RPCError.self) { _ = try await admin.revoke(id) }
                #expect(error?.code == .notFound)
            }
            let scope = await #expect(throws: RPCError.self) { _ = try await admin.issue(scopes: ["root"]) }
            #expect(scope?.code == .invalidArgument)
            let long = await #expect(throws: RPCError.self) { _ = try await admin.issue(partner: String(repeating: "x", count: 10 * 1024)) }
            #expect(long?.code == .invalidArgument)
            for partner in ["O'Brien \"quoted\"", "x'); DROP TABLE keys; --"] {
                let issued = try await admin.issue(partner: partner)
                #expect(issued.key?.partner == partner)
                #expect(try await admin.list(partner: partner).keys.count == 1)
            }
        }
    }

    @Test("the server's logs never contain an issued secret")
    func noSecretInLogs() async throws {
        let captured = CapturedLogs()
        try await TestServer.with(logHandler: captured.handler, extraMethods: { TestMethods.registerInference(in: &$0) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let admin = AdminClient(connection: connection, key: try server.adminKey)
            let issued = try await admin.issue()
            _ = await connection.inferenceStatus(key: issued.apiKey)
            _ = try await admin.rotate(issued.key!.id, graceSeconds: 1)
            _ = try await admin.revoke(issued.key!.id)
            _ = await connection.inferenceStatus(key: issued.apiKey)
            let secret = String(issued.apiKey.split(separator: "_").last!)
            #expect(!captured.text.isEmpty)
            #expect(!captured.text.contains(secret))
            #expect(!captured.text.contains(try server.adminKey.split(separator: "_").last!))
        }
    }
}
