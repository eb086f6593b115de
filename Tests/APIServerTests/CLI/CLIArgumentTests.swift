import Foundation
import Testing

/// The parsing of apiclient's flag values: bad values stop it with exit status 64 and a
/// message naming what is wrong, before it connects anywhere.
@Suite("apiclient flag values")
struct CLIArgumentTests {
    static let issue = ["keys", "issue", "--partner", "acme", "--scopes", "inference"]

    @Test(
        "bad values exit 64 with a clear message",
        arguments: [
            (["keys", "issue", "--partner", "acme", "--scopes", "bogus"], "'bogus' is not a scope; the scopes are inference, agents, tools, admin"),
            (["keys", "issue", "--partner", "acme", "--scopes", "inference,bogus"], "'bogus' is not a scope"),
            (["keys", "issue", "--partner", "acme"], "Missing '--scopes <scopes>'"),
            (["keys", "issue", "--scopes", "inference"], "--partner"),
            (issue + ["--rpm", "0"], "'--rpm <n>': must be above 0"),
            (issue + ["--rpm", "-5"], "'--rpm <n>': must be above 0"),
            (issue + ["--tpm", "lots"], "'--tpm <n>': expected a whole number above 0"),
            (issue + ["--daily-tokens", "0"], "'--daily-tokens <n>': must be above 0"),
            (issue + ["--max-streams", "1.5"], "'--max-streams <n>': expected a whole number above 0"),
            (issue + ["--expires-in", "5x"], "'--expires-in <duration>': expected a whole number and a unit s, m, h or d"),
            (issue + ["--expires-in", "30"], "expected a whole number and a unit"),
            (issue + ["--expires-in", "d"], "expected a whole number and a unit"),
            (issue + ["--expires-in", "0s"], "--expires-in must be longer than 0s"),
            (issue + ["--expires-in", "99999d"], "at most 36600d"),
            (issue + ["--expires-at", "2030-13-01"], "'--expires-at <time>': expected an RFC 3339 time"),
            (issue + ["--expires-at", "2030-02-30"], "expected an RFC 3339 time"),
            (issue + ["--expires-at", "tomorrow"], "expected an RFC 3339 time"),
            (issue + ["--expires-at", "2001-01-01"], "--expires-at 2001-01-01T00:00:00Z is in the past"),
            (issue + ["--expires-in", "1d", "--expires-at", "2030-01-01"], "--expires-in and --expires-at are alternatives"),
            (issue + ["--key", " "], "--key is empty"),
            (["keys", "rotate", "AAAAAAAAAAAA", "--grace", "1y"], "'--grace <duration>': expected a whole number and a unit"),
            (["keys", "rotate", "AAAAAAAAAAAA", "--grace", "-1h"], "'--grace <duration>'"),
            (["keys", "revoke", "a-b"], "KEY_ID must be letters and digits"),
            (["keys", "set-quota", "--rpm", "5"], "Give the KEY_ID of a key, or --partner"),
            (["keys", "set-quota", "AAAAAAAAAAAA", "--partner", "acme", "--rpm", "5"], "Give a KEY_ID or --partner, not both"),
            (["keys", "set-quota", "--partner", "acme"], "Give at least one of --rpm"),
            (["keys", "set-quota", "--partner", "acme", "--reset", "--rpm", "5"], "--reset goes without quota flags"),
            (["keys", "set-quota", "--partner", "acme", "--rpm-burst", "0"], "'--rpm-burst <n>': must be above 0"),
            (["usage", "--since", "yesterday"], "'--since <time>': expected an RFC 3339 time"),
            (["usage", "--until", "2030-01-01T25:00:00Z"], "'--until <time>': expected an RFC 3339 time"),
            (["usage", "--group-by", "hour"], "'hour' is not a grouping; choose from day, model, key, partner, method"),
            (["usage", "--since", "2030-01-02", "--until", "2030-01-01"], "--since must be before --until"),
            (["agents", "run", "--goal", "x", "--image", "chart.txt"], "--image: 'chart.txt' is not a .png, .jpg, .jpeg, .webp or .gif file"),
            (["agents", "run", "--goal", "x", "--image", "/nonexistent/chart.png"], "--image: cannot read '/nonexistent/chart.png'"),
            (["agents", "run", "--goal", "x", "--max-wall", "soon"], "expected a whole number and a unit"),
            (["agents", "run", "--goal", "x", "--max-wall", "2h"], "--max-wall must be more than 0 and at most 1h"),
            (["agents", "run", "--budget", "100"], "Missing expected argument '--goal <goal>'"),
        ])
    func badValue(arguments: [String], message: String) async throws {
        let result = try await OfflineCLI.run(arguments)
        #expect(result.status == 64, "stderr: \(result.stderr)")
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("agents run refuses images larger than a request may carry, before connecting")
    func imageTooLarge() async throws {
        let path = NSTemporaryDirectory() + "flint-big-\(UUID().uuidString).png"
        try Data(count: 5 << 20).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await OfflineCLI.run(["agents", "run", "--goal", "x", "--image", path])
        #expect(result.status == 64, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("more than the 4 MiB a request may carry"), "stderr: \(result.stderr)")
    }

    @Test("a trailing comma in a list is ignored")
    func trailingComma() async throws {
        let result = try await OfflineCLI.run(["usage", "--group-by", "day,"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot connect"))
    }

    @Test("a whole key where a KEY_ID belongs is refused without echoing it")
    func wholeKeyAsID() async throws {
        let secret = "flint_AAAAAAAAAAAA_" + String(repeating: "s", count: 33)
        for command in [
            ["keys", "revoke", secret], ["keys", "rotate", secret], ["keys", "set-quota", secret, "--rpm", "1"],
            ["usage", "--key-id", secret],
        ] {
            let result = try await OfflineCLI.run(command)
            #expect(result.status == 64)
            #expect(result.stderr.contains("not the key itself"), "stderr: \(result.stderr)")
            #expect(!result.stderr.contains(secret))
        }
    }

    @Test(
        "good durations and times pass parsing and reach the connection",
        arguments: [
            issue + ["--expires-in", "45s"],
            issue + ["--expires-in", "90m"],
            issue + ["--expires-in", "12h"],
            issue + ["--expires-in", "30d"],
            issue + ["--expires-in", "1h30m"],
            issue + ["--expires-at", "2099-11-01"],
            issue + ["--expires-at", "2099-11-01T09:30:00Z"],
            issue + ["--expires-at", "2099-11-01T10:30:00+01:00"],
            issue + ["--expires-at", "2099-11-01T09:30:00.250Z"],
            issue + [
                "--scopes", "agents", "--scopes", "tools,admin", "--rpm", "60", "--rpm-burst", "10", "--tpm", "1000",
                "--tpm-burst", "2000", "--max-streams", "4", "--daily-tokens", "100000",
            ],
            ["keys", "rotate", "AAAAAAAAAAAA", "--grace", "0s"],
            ["keys", "rotate", "AAAAAAAAAAAA", "--grace", "7d"],
            ["keys", "set-quota", "--partner", "acme", "--reset"],
            ["usage", "--since", "7d", "--until", "1h", "--group-by", "day,model", "--group-by", "key"],
            ["usage", "--since", "2026-11-01", "--until", "2026-11-01T12:00:00Z", "--group-by", "partner,method"],
        ])
    func goodValues(arguments: [String]) async throws {
        let result = try await OfflineCLI.run(arguments)
        #expect(result.status == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.hasPrefix("error: cannot connect to 127.0.0.1:1"), "stderr: \(result.stderr)")
    }

    @Test(
        "every command's --help explains its flags, the environment and gives examples",
        arguments: [
            (
                ["keys", "issue"],
                [
                    "--partner", "--name", "--scopes", "--expires-in", "--expires-at", "--rpm", "--rpm-burst", "--tpm",
                    "--tpm-burst", "--max-streams", "--daily-tokens", "--json", "--key",
                ]
            ),
            (["keys", "list"], ["--partner", "--all", "--json", "--key", "LAST USED"]),
            (["keys", "revoke"], ["<key-id>", "--json", "--key"]),
            (["keys", "rotate"], ["<key-id>", "--grace", "--json", "--key"]),
            (["keys", "set-quota"], ["<key-id>", "--partner", "--rpm", "--daily-tokens", "--reset", "--json", "--key"]),
            (["usage"], ["--partner", "--key-id", "--since", "--until", "--group-by", "--json", "--key", "TOTAL"]),
        ])
    func help(command: [String], flags: [String]) async throws {
        let result = try await Executables.run("apiclient", command + ["--help"])
        #expect(result.status == 0)
        for text in flags + ["FLINT_API_KEY", "FLINT_ENDPOINT", "FLINT_CA_FILE", "admin.key", "Examples:", "apiclient " + command.joined(separator: " ")] {
            #expect(result.stdout.contains(text), "\(text) missing from \(command.joined(separator: " ")) --help")
        }
    }

    @Test("apiclient --help lists keys and usage, keys --help lists its commands")
    func commandLists() async throws {
        let root = try await Executables.run("apiclient", ["--help"]).stdout
        for command in ["health", "keys", "usage"] { #expect(root.contains(command)) }
        let keys = try await Executables.run("apiclient", ["keys", "--help"]).stdout
        for command in ["issue", "list", "revoke", "rotate", "set-quota"] { #expect(keys.contains(command)) }
        let health = try await Executables.run("apiclient", ["health", "--help"]).stdout
        for text in ["--service", "--json", "FLINT_ENDPOINT", "FLINT_CA_FILE", "Examples:", "apiclient health"] {
            #expect(health.contains(text), "\(text) missing from health --help")
        }
    }
}
