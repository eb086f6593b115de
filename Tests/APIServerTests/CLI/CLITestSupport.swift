import Foundation
import Testing

/// `apiclient` run against one test server, with none of the test process's own Flint
/// variables: the key comes from the server's `admin.key` unless a test says otherwise.
struct CLI {
    let server: ServerProcess

    init(_ server: ServerProcess) {
        self.server = server
    }

    var endpoint: String { "127.0.0.1:\(server.port)" }

    var environment: [String: String] {
        server.environment.merging(CLI.clearedEnvironment) { $1 }
    }

    /// The Flint variables a test must not inherit.
    static let clearedEnvironment = ["FLINT_API_KEY": "", "FLINT_ENDPOINT": "", "FLINT_CA_FILE": ""]

    /// The bootstrap admin key the server wrote on its first start.
    var adminKey: String {
        get throws {
            try String(contentsOfFile: server.home + "/flint/admin.key", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> Executables.Result {
        try await Executables.run("apiclient", arguments + ["--endpoint", endpoint], environment: environment.merging(extra) { $1 })
    }

    /// Runs a command that must succeed and print JSON; returns the parsed value.
    func json(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> Any {
        let result = try await run(arguments + ["--json"], environment: extra)
        try #require(result.status == 0, "apiclient \(arguments.joined(separator: " ")): \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    func object(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> [String: Any] {
        try #require(try await json(arguments, environment: extra) as? [String: Any])
    }

    func array(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> [[String: Any]] {
        try #require(try await json(arguments, environment: extra) as? [[String: Any]])
    }

    /// Issues a key with `keys issue --json`; returns its id and the full key.
    func issue(partner: String = "acme", scopes: String = "inference", _ more: [String] = []) async throws -> (id: String, apiKey: String) {
        let key = try await object(["keys", "issue", "--partner", partner, "--scopes", scopes] + more)
        return (try #require(key["id"] as? String), try #require(key["api_key"] as? String))
    }

    /// The key with `id` in `keys list --all --json`.
    func listed(_ id: String) async throws -> [String: Any]? {
        try await array(["keys", "list", "--all"]).first { $0["id"] as? String == id }
    }
}

/// `apiclient` with arguments that fail before any connection (nobody listens on port 1).
enum OfflineCLI {
    static func run(_ arguments: [String]) async throws -> Executables.Result {
        var environment = CLI.clearedEnvironment
        environment["XDG_DATA_HOME"] = "/nonexistent"
        environment["FLINT_DATA_DIR"] = ""
        return try await Executables.run("apiclient", arguments + ["--endpoint", "127.0.0.1:1"], environment: environment)
    }
}
