import Foundation
import Testing

/// `apiclient keys ...` against a real `apiserver`, with its bootstrap admin key.
@Suite("apiclient keys")
struct CLIKeysTests {
    @Test("keys issue prints the new key once with its id, partner, scopes and expiry")
    func issueTable() async throws {
        let server = try await ServerProcess()
        let cli = CLI(server)
        let result = try await cli.run(["keys", "issue", "--partner", "acme", "--name", "ci", "--scopes", "agents,inference"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let keyLine = try #require(lines.first { $0.hasPrefix("API key:") })
        let apiKey = try #require(keyLine.split(separator: " ").last.map(String.init))
        #expect(apiKey.hasPrefix("flint_"))
        #expect(result.stdout.components(separatedBy: apiKey).count == 2, "the key is printed once")
        let id = try #require(lines.first { $0.hasPrefix("id:") }?.split(separator: " ").last.map(String.init))
        #expect(apiKey.hasPrefix("flint_\(id)_"))
        #expect(lines.contains { $0.hasPrefix("partner:") && $0.hasSuffix(" acme") })
        #expect(lines.contains { $0.hasPrefix("name:") && $0.hasSuffix(" ci") })
        #expect(lines.contains { $0.hasPrefix("scopes:") && $0.hasSuffix(" agents,inference") })
        #expect(lines.contains { $0.hasPrefix("expires:") && $0.hasSuffix(" never") })
        #expect(result.stdout.contains("shown only this once"))
        #expect(await server.terminate() == 0)
    }

    @Test("keys issue --json prints one object with api_key, expiry and quota")
    func issueJSON() async throws {
        let server = try await ServerProcess()
        let cli = CLI(server)
        let before = Date()
        let key = try await cli.object([
            "keys", "issue", "--partner", "acme", "--name", "batch", "--scopes", "inference", "--scopes", "tools",
            "--expires-in", "30d", "--rpm", "60", "--daily-tokens", "100000",
        ])
        let apiKey = try #require(key["api_key"] as? String)
        let id = try #require(key["id"] as? String)
        #expect(apiKey.hasPrefix("flint_\(id)_"))
        #expect(key["partner"] as? String == "acme")
        #expect(key["name"] as? String == "batch")
        #expect(key["scopes"] as? [String] == ["inference", "tools"])
        #expect(key["status"] as? String == "active")
        let expiresText = try #require(key["expires_at"] as? String)
        let expiresAt = try #require(ISO8601DateFormatter().date(from: expiresText))
        #expect(abs(expiresAt.timeIntervalSince(before) - 30 * 86_400) < 60)
        let quota = try #require(key["quota"] as? [String: Any])
        #expect(quota["requests_per_minute"] as? Int == 60)
        #expect(quota["daily_tokens"] as? Int == 100_000)
        #expect(quota["tokens_per_minute"] as? Int == 0)

        let dated = try await cli.object(["keys", "issue", "--partner", "admin", "--scopes", "admin", "--expires-at", "2099-11-01"])
        #expect(dated["expires_at"] as? String == "2099-11-01T00:00:00Z")
        #expect(await server.terminate() == 0)
    }

    @Test("keys list shows issued keys in a table and as JSON, never a secret")
    func list() async throws {
        let server = try await ServerProcess()
        let cli = CLI(server)
        let issued = try await cli.issue(partner: "acme", scopes: "agents,inference", ["--name", "listed"])
        let table = try await cli.run(["keys", "list"])
        #expect(table.status == 0, "stderr: \(table.stderr)")
        let header = try #require(table.stdout.split(separator: "\n").first.map(String.init))
        for column in ["ID", "PARTNER", "NAME", "SCOPES", "STATUS", "CREATED", "EXPIRES", "LAST USED"] {
            #expect(header.contains(column))
        }
        let row = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix(issued.id) }.map(String.init))
        for cell in ["acme", "listed", "agents,inference", "active", "never"] { #expect(row.contains(cell), "row: \(row)") }
        #expect(row.range(of: #"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z"#, options: .regularExpression) != nil, "row: \(row)")
        #expect(!table.stdout.contains(issued.apiKey))
        #expect(!table.stdout.contains(try cli.adminKey))
        #expect(table.stdout.range(of: #"flint_[A-Za-z0-9]{12}_"#, options: .regularExpression) == nil)

        let keys = try await cli.array(["keys", "list", "--partner", "acme"])
        #expect(keys.map { $0["id"] as? String } == [issued.id])
        #expect(keys.allSatisfy { $0["api_key"] == nil })
        let json = try await cli.run(["keys", "list", "--json"]).stdout
        #expect(!json.contains(issued.apiKey))
        #expect(json.range(of: #"flint_[A-Za-z0-9]{12}_"#, options: .regularExpression) == nil)
        #expect(await server.terminate() == 0)
    }

    @Test("keys list follows page tokens to the last page")
    func listAllPages() async throws {
        let server = try await ServerProcess()
        let cli = CLI(server)
        var ids: Set<String> = []
        for index in 0..<105 {
            ids.insert(try await cli.issue(partner: "many", scopes: "inference", ["--name", "k\(index)"]).id)
        }
        let keys = try await cli.array(["keys", "list", "--partner", "many"])
        #expect(Set(keys.compactMap { $0["id"] as? String }) == ids)
        #expect(keys.count == 105)
        #expect(await server.terminate() == 0)
    }

    @Test("keys revoke: the key then shows as revoked, and only with --all")
    func revoke() async throws {
        let server = try await ServerProcess()
        let cli = CLI(server)
        let issued = try await cli.issue()
        let result = try await cli.run(["keys", "revoke", issued.id])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.hasPrefix("revoked key \(issued.id) (partner acme) at "))
        #expect(!(try await cli.run(["keys", "list"]).stdout.contains(issued.id)))
        let all = try await cli.run(["keys", "list", "--all"]).stdout
        let row = try #require(all.split(separator: "\n").first { $0.hasPrefix(issued.id) })
        #expect(row.contains("revoked"))
        let listed = try #require(try await cli.listed(issued.id))
        #expect(listed["status"] as? String == "revoked")
        #expect(listed["revoked_at"] is String)

        let again = try await cli.object(["keys", "revoke", issued.id])
        #expect(again["status"] as? String == "revoked")
        #expect(again["api_key"] == nil)
        let refused = try await cli.run(["keys", "list"], environment: ["FLINT_API_KEY": issued.apiKey])
        #expect(refused.stderr.hasPrefix("error: UNAUTHENTICATED: "))
        #expect(await server.terminate() == 0)
    }

    @Test("keys rotate prints a new key once and until when the old one works")
    func rotate() async throws {
        let server = try await ServerProcess()
        let cli = CLI(server)
        let old = try await cli.issue(partner: "admin", scopes: "admin", ["--name", "deploy"])
        let result = try await cli.run(["keys", "rotate", old.id, "--grace", "1h"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let newKey = try #require(lines.first { $0.hasPrefix("API key:") }?.split(separator: " ").last.map(String.init))
        #expect(newKey.hasPrefix("flint_") && newKey != old.apiKey)
        #expect(!result.stdout.contains(old.apiKey))
        let replaces = try #require(lines.first { $0.hasPrefix("replaces:") })
        #expect(replaces.contains("\(old.id) (active until "), "line: \(replaces)")
        #expect(lines.contains { $0.hasPrefix("name:") && $0.hasSuffix(" deploy") })
        // Both keys work during the grace period.
        #expect(try await cli.run(["keys", "list"], environment: ["FLINT_API_KEY": newKey]).status == 0)
        #expect(try await cli.run(["keys", "list"], environment: ["FLINT_API_KEY": old.apiKey]).status == 0)

        let rotated = try await cli.object(["keys", "rotate", try #require(newKey.split(separator: "_").dropFirst().first.map(String.init))])
        let previous = try #require(rotated["previous"] as? [String: Any])
        #expect((rotated["api_key"] as? String)?.hasPrefix("flint_") == true)
        #expect(rotated["rotated_from"] as? String == previous["id"] as? String)
        #expect(previous["status"] as? String == "expired")
        #expect(previous["api_key"] == nil)
        #expect(await server.terminate() == 0)
    }

    @Test("keys set-quota prints the stored and effective quota of a key and of a partner")
    func setQuota() async throws {
        let server = try await ServerProcess()
        let cli = CLI(server)
        let issued = try await cli.issue()
        let result = try await cli.run(["keys", "set-quota", issued.id, "--rpm", "100", "--daily-tokens", "5000"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.first == ["quota", "of", "key", "\(issued.id):"])
        #expect(lines.dropFirst().first == ["LIMIT", "STORED", "EFFECTIVE"])
        #expect(lines.contains { $0.prefix(2) == ["rpm", "100"] })
        #expect(lines.contains { $0.prefix(2) == ["daily-tokens", "5000"] })
        #expect(lines.contains { $0.prefix(2) == ["tpm", "default"] && $0.count == 3 })

        let partner = try await cli.object(["keys", "set-quota", "--partner", "acme", "--tpm", "200000", "--max-streams", "3"])
        #expect(partner["target"] as? [String: String] == ["partner": "acme"])
        let stored = try #require(partner["quota"] as? [String: Any])
        let effective = try #require(partner["effective"] as? [String: Any])
        #expect(stored["tokens_per_minute"] as? Int == 200_000)
        #expect(stored["requests_per_minute"] as? Int == 0)
        #expect(effective["tokens_per_minute"] as? Int == 200_000)
        #expect(effective["max_concurrent_streams"] as? Int == 3)
        // A partner axis left unset is unlimited (0), not a default (docs/QUOTAS.md).
        #expect(effective["requests_per_minute"] as? Int == 0)

        let listed = try #require(try await cli.listed(issued.id))
        #expect((listed["quota"] as? [String: Any])?["requests_per_minute"] as? Int == 100)
        let reset = try await cli.object(["keys", "set-quota", issued.id, "--reset"])
        let resetQuota = try #require(reset["quota"] as? [String: Any])
        #expect(resetQuota.count == 6 && resetQuota.values.allSatisfy { $0 as? Int == 0 })
        #expect(await server.terminate() == 0)
    }
}
