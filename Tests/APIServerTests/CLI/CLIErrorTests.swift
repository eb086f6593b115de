import FlintTestSupport
import Foundation
import Testing

/// How apiclient reports calls the server refuses: one line, `error: <CODE>: <message>`,
/// exit status 1, and never the key.
@Suite("apiclient errors and credentials")
struct CLIErrorTests {
    @Test("revoking an unknown key id is NOT_FOUND")
    func unknownKey() async throws {
        let server = try await ServerProcess()
        let cli = CLI(server)
        for command in [["keys", "revoke", "AAAAAAAAAAAA"], ["keys", "rotate", "AAAAAAAAAAAA"], ["keys", "set-quota", "AAAAAAAAAAAA", "--rpm", "5"]] {
            let result = try await cli.run(command)
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("error: NOT_FOUND: "), "stderr: \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(result.stdout.isEmpty)
        }
        #expect(await server.terminate() == 0)
    }

    @Test("a key without the admin scope gets PERMISSION_DENIED naming the scope")
    func nonAdminKey() async throws {
        let server = try await ServerProcess()
        let cli = CLI(server)
        let issued = try await cli.issue(scopes: "inference,agents,tools")
        for command in [["keys", "list"], ["keys", "issue", "--partner", "x", "--scopes", "admin"], ["keys", "revoke", issued.id]] {
            let result = try await cli.run(command + ["--key", issued.apiKey])
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("error: PERMISSION_DENIED: "), "stderr: \(result.stderr)")
            #expect(result.stderr.contains("admin"))
            #expect(!result.stderr.contains(issued.apiKey))
        }
        #expect(await server.terminate() == 0)
    }

    @Test("no key at all is UNAUTHENTICATED, and says no key was found")
    func noKey() async throws {
        let server = try await ServerProcess()
        let elsewhere = try TemporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        let result = try await Executables.run(
            "apiclient", ["keys", "list", "--endpoint", "127.0.0.1:\(server.port)"],
            environment: [
                "FLINT_API_KEY": "", "FLINT_ENDPOINT": "", "FLINT_DATA_DIR": "", "XDG_DATA_HOME": elsewhere,
                "FLINT_CA_FILE": server.home + "/flint/tls/ca.pem",
            ])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: UNAUTHENTICATED: "), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("no API key: pass --key or set FLINT_API_KEY"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(await server.terminate() == 0)
    }

    @Test("a wrong key is UNAUTHENTICATED and names where it came from, not the key")
    func wrongKey() async throws {
        let server = try await ServerProcess()
        let cli = CLI(server)
        let wrong = "flint_AAAAAAAAAAAA_" + String(repeating: "B", count: 33)
        let fromEnvironment = try await cli.run(["keys", "list"], environment: ["FLINT_API_KEY": wrong])
        #expect(fromEnvironment.status == 1)
        #expect(fromEnvironment.stderr.hasPrefix("error: UNAUTHENTICATED: "))
        #expect(fromEnvironment.stderr.contains("(API key from FLINT_API_KEY)"))
        #expect(!fromEnvironment.stderr.contains(wrong))
        let fromFlag = try await cli.run(["keys", "list", "--key", wrong])
        #expect(fromFlag.stderr.contains("(API key from --key)"))
        #expect(!fromFlag.stderr.contains(wrong))
        #expect(await server.terminate() == 0)
    }

    @Test("the key is taken from --key, else FLINT_API_KEY, else the local admin.key")
    func credentialOrder() async throws {
        let server = try await ServerProcess()
        let cli = CLI(server)
        let admin = try cli.adminKey
        #expect(try await cli.run(["keys", "list"]).status == 0)
        let elsewhere = ["XDG_DATA_HOME": "/nonexistent", "FLINT_CA_FILE": server.home + "/flint/tls/ca.pem"]
        #expect(try await cli.run(["keys", "list"], environment: elsewhere.merging(["FLINT_API_KEY": admin]) { $1 }).status == 0)
        #expect(try await cli.run(["keys", "list", "--key", admin], environment: elsewhere).status == 0)
        let flagWins = try await cli.run(["keys", "list", "--key", "flint_wrong"], environment: ["FLINT_API_KEY": admin])
        #expect(flagWins.stderr.hasPrefix("error: UNAUTHENTICATED: "))
        #expect(await server.terminate() == 0)
    }

    @Test("the local admin.key is read for a server on this machine only")
    func adminKeyStaysLocal() async throws {
        let home = try TemporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: home) }
        // A directory where the key file belongs: reading it fails, which shows whether
        // apiclient tried, before it connects anywhere.
        let keyPath = home + "/flint/admin.key"
        try FileManager.default.createDirectory(atPath: keyPath, withIntermediateDirectories: true)
        let environment = ["FLINT_API_KEY": "", "FLINT_DATA_DIR": "", "XDG_DATA_HOME": home]
        for endpoint in ["127.0.0.1:1", "localhost:1", "[::1]:1"] {
            let local = try await Executables.run("apiclient", ["keys", "list", "--endpoint", endpoint], environment: environment)
            #expect(local.status == 1)
            #expect(local.stderr == "error: cannot read the API key file \(keyPath)\n", "stderr: \(local.stderr)")
        }
        // Not loopback names or literals (0.0.0.0 connects on this machine, so nothing leaves
        // it): the key file is not read, the connection is tried and refused.
        for endpoint in ["0.0.0.0:1"] {
            let remote = try await Executables.run("apiclient", ["keys", "list", "--endpoint", endpoint, "--timeout", "1"], environment: environment)
            #expect(remote.status == 1)
            #expect(remote.stderr.hasPrefix("error: cannot connect to \(endpoint)"), "stderr: \(remote.stderr)")
        }
        let given = try await Executables.run(
            "apiclient", ["keys", "list", "--endpoint", "127.0.0.1:1"],
            environment: environment.merging(["FLINT_API_KEY": "flint_x"]) { $1 })
        #expect(given.stderr.hasPrefix("error: cannot connect to 127.0.0.1:1"), "stderr: \(given.stderr)")
    }
}
