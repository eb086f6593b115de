import APIServer
import Foundation
import Testing
import FlintAPI

/// apiclient's requests and exact output, against an in-process server whose Admin
/// methods are ``StubAdminService``: what the CLI sends and prints, whatever the real
/// service stores.
@Suite("apiclient output against a stub Admin service")
struct CLIOutputTests {
    /// Runs `body` with a server serving `stub` and a way to run apiclient against it.
    func withStub(_ body: (StubAdminService, _ run: @escaping @Sendable ([String]) async throws -> Executables.Result) async throws -> Void) async throws {
        let stub = StubAdminService()
        try await TestServer.with(extraMethods: { stub.register(in: &$0) }) { server in
            let environment = CLI.clearedEnvironment.merging(["FLINT_DATA_DIR": server.dataDirectory]) { $1 }
            try await body(stub) { arguments in
                try await Executables.run("apiclient", arguments + ["--endpoint", "127.0.0.1:\(server.port)"], environment: environment)
            }
        }
    }

    @Test("keys list follows every page and prints one table, UTC to the minute")
    func listTable() async throws {
        try await withStub { stub, run in
            let result = try await run(["keys", "list", "--partner", "acme", "--all"])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(
                result.stdout == """
                    ID            PARTNER  NAME        SCOPES            STATUS   CREATED            EXPIRES            LAST USED
                    key000000001  acme     ci          inference,agents  active   2026-11-01T09:30Z  2099-01-01T00:00Z  2026-11-02T10:15Z
                    key000000002  acme     -           inference         active   2026-11-01T09:30Z  never              never
                    key000000003  beta     old laptop  tools             expired  2026-11-01T09:30Z  2026-11-03T00:00Z  never
                    key000000004  beta     leaked      admin             revoked  2026-11-01T09:30Z  never              2026-11-02T10:15Z
                    key000000005  acme     batch       inference         active   2026-11-01T09:30Z  never              never

                    """)
            let requests = stub.requests(ListKeysRequest.self)
            #expect(requests.map(\.pageToken) == ["", "p2", "p3"])
            #expect(requests.allSatisfy { $0.partner == "acme" && $0.includeInactive })
        }
    }

    @Test("keys list --json prints one array of key objects, null for never")
    func listJSON() async throws {
        try await withStub { stub, run in
            let result = try await run(["keys", "list", "--json"])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(result.stdout.split(separator: "\n").count == 1)
            let keys = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            #expect(keys.count == 5)
            let first = keys[0]
            #expect(first["id"] as? String == "key000000001")
            #expect(first["created_at"] as? String == "2026-11-01T09:30:00Z")
            #expect(first["expires_at"] as? String == "2099-01-01T00:00:00Z")
            #expect(first["last_used_at"] as? String == "2026-11-02T10:15:30Z")
            #expect(first["revoked_at"] is NSNull)
            #expect(first["rotated_from"] is NSNull)
            #expect(first["api_key"] == nil)
            #expect(keys.map { $0["status"] as? String } == ["active", "active", "expired", "revoked", "active"])
            let quota = try #require(keys[4]["quota"] as? [String: Any])
            #expect(
                quota.keys.sorted() == [
                    "daily_tokens", "max_concurrent_streams", "request_burst", "requests_per_minute",
                    "token_burst", "tokens_per_minute",
                ])
            #expect(quota["requests_per_minute"] as? Int == 60)
            #expect(keys[4]["rotated_from"] as? String == "key000000002")
            #expect(stub.requests(ListKeysRequest.self).first?.includeInactive == false)
        }
    }

    @Test("keys issue sends what the flags say and prints the key once")
    func issue() async throws {
        try await withStub { stub, run in
            let result = try await run([
                "keys", "issue", "--partner", "acme", "--name", "ci", "--scopes", "inference,agents", "--scopes", "inference",
                "--expires-at", "2099-01-01", "--rpm", "60", "--daily-tokens", "100000",
            ])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(
                result.stdout == """
                    API key:  \(StubAdminService.apiKey)
                    id:       NEWkey000001
                    partner:  acme
                    name:     ci
                    scopes:   inference,agents
                    expires:  2099-01-01T00:00Z
                    quota:    rpm 60, daily-tokens 100000
                    Store the key now: it is shown only this once.

                    """)
            let request = try #require(stub.requests(IssueKeyRequest.self).first)
            #expect(
                request
                    == IssueKeyRequest(
                        partner: "acme", name: "ci", scopes: ["inference", "agents"],
                        quota: Quota(requestsPerMinute: 60, dailyTokens: 100_000), expiresAtMs: StubAdminService.future))

            let before = Int64(Date().timeIntervalSince1970 * 1000)
            let json = try await run(["keys", "issue", "--partner", "acme", "--scopes", "admin", "--expires-in", "1h30m", "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(object["api_key"] as? String == StubAdminService.apiKey)
            #expect(object["id"] as? String == "NEWkey000001")
            #expect(object["scopes"] as? [String] == ["admin"])
            let sent = try #require(stub.requests(IssueKeyRequest.self).last)
            #expect(sent.quota == nil)
            #expect(abs(sent.expiresAtMs - before - 5_400_000) < 60_000)
        }
    }

    @Test("keys rotate sends the grace period and says until when the old key works")
    func rotate() async throws {
        try await withStub { stub, run in
            let result = try await run(["keys", "rotate", "key000000001", "--grace", "1h"])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(
                result.stdout == """
                    API key:   \(StubAdminService.apiKey)
                    id:        NEWkey000001
                    partner:   acme
                    name:      deploy
                    scopes:    inference,tools
                    expires:   never
                    quota:     the partner's
                    replaces:  key000000001 (active until 2099-01-01T00:00Z)
                    Store the key now: it is shown only this once.

                    """)
            #expect(stub.requests(RotateKeyRequest.self) == [RotateKeyRequest(keyID: "key000000001", gracePeriodSeconds: 3600)])

            let now = try await run(["keys", "rotate", "key000000001", "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(now.stdout.utf8)) as? [String: Any])
            let previous = try #require(object["previous"] as? [String: Any])
            #expect(previous["status"] as? String == "expired")
            #expect(previous["api_key"] == nil)
            #expect(object["rotated_from"] as? String == "key000000001")
            #expect(stub.requests(RotateKeyRequest.self).last?.gracePeriodSeconds == 0)
        }
    }

    @Test("keys revoke prints the revoked key; a refused call is one error line and exit 1")
    func revokeAndErrors() async throws {
        try await withStub { _, run in
            let result = try await run(["keys", "revoke", "key000000001"])
            #expect(result.stdout == "revoked key key000000001 (partner acme) at 2026-11-02T10:15Z\n")
            let unknown = try await run(["keys", "revoke", "unknown00000"])
            #expect(unknown.status == 1)
            #expect(unknown.stderr == "error: NOT_FOUND: no key unknown00000\n")
            #expect(unknown.stdout.isEmpty)
            let busy = try await run(["keys", "issue", "--partner", "busy", "--scopes", "inference"])
            #expect(busy.status == 1)
            #expect(busy.stderr == "error: RESOURCE_EXHAUSTED: request quota exceeded (retry after 1.5 s)\n")
        }
    }

    @Test("keys set-quota sends the target and quota, and prints stored and effective values")
    func setQuota() async throws {
        try await withStub { stub, run in
            let result = try await run(["keys", "set-quota", "--partner", "acme", "--tpm", "200000", "--max-streams", "4"])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(
                result.stdout == """
                    quota of partner acme:
                    LIMIT          STORED  EFFECTIVE
                    rpm           default        600
                    rpm-burst     default        100
                    tpm            200000     200000
                    tpm-burst     default     200000
                    max-streams         4          4
                    daily-tokens  default  unlimited

                    """)
            #expect(
                stub.requests(SetQuotaRequest.self) == [
                    SetQuotaRequest(target: .partner("acme"), quota: Quota(tokensPerMinute: 200_000, maxConcurrentStreams: 4))
                ])
            let json = try await run(["keys", "set-quota", "key000000001", "--reset", "--json"])
            #expect(json.stdout.hasPrefix(#"{"effective":{"daily_tokens":0,"max_concurrent_streams":16,"#))
            #expect(json.stdout.contains(#""target":{"key_id":"key000000001"}"#))
            #expect(stub.requests(SetQuotaRequest.self).last == SetQuotaRequest(target: .keyID("key000000001"), quota: Quota()))
        }
    }

    @Test("usage sends the window and groups, and prints group columns, counts and a TOTAL line")
    func usage() async throws {
        try await withStub { stub, run in
            let result = try await run([
                "usage", "--partner", "acme", "--key-id", "key000000001", "--since", "2026-11-01",
                "--until", "2026-11-03T01:00:00+01:00", "--group-by", "day", "--group-by", "model,day",
            ])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(
                result.stdout == """
                    DAY         MODEL         REQUESTS  FAILED  INPUT TOKENS  OUTPUT TOKENS
                    2026-11-01  gemma-3-270m       120       2         48210          30877
                    2026-11-01  qwen3-8b             5       0          1000             40
                    2026-11-02  gemma-3-270m        70       0         29112          19500
                    TOTAL                          195       2         78322          50417
                    (calls after 2026-11-02T17:04:11Z may not be counted yet)

                    """)
            #expect(
                stub.requests(GetUsageRequest.self) == [
                    GetUsageRequest(
                        partner: "acme", sinceMs: 1_793_491_200_000, untilMs: 1_793_664_000_000, groupBy: [.day, .model],
                        keyID: "key000000001")
                ])

            let totals = try await run(["usage", "--since", "7d"])
            #expect(
                totals.stdout == """
                           REQUESTS  FAILED  INPUT TOKENS  OUTPUT TOKENS
                    TOTAL       195       2         78322          50417
                    (calls after 2026-11-02T17:04:11Z may not be counted yet)

                    """)
            let since = try #require(stub.requests(GetUsageRequest.self).last?.sinceMs)
            #expect(abs(Int64(Date().timeIntervalSince1970 * 1000) - 7 * 86_400_000 - since) < 60_000)

            let json = try await run(["usage", "--group-by", "day,model", "--json"])
            #expect(
                json.stdout == """
                    [{"day":"2026-11-01","failed_requests":2,"input_tokens":48210,"model":"gemma-3-270m","output_tokens":30877,"requests":120},\
                    {"day":"2026-11-01","failed_requests":0,"input_tokens":1000,"model":"qwen3-8b","output_tokens":40,"requests":5},\
                    {"day":"2026-11-02","failed_requests":0,"input_tokens":29112,"model":"gemma-3-270m","output_tokens":19500,"requests":70}]

                    """)
        }
    }
}
