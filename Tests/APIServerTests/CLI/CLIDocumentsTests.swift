import FlintTestSupport
import Foundation
import Testing
import Wire

/// `apiclient docs`, against an in-process server.
@Suite("apiclient docs")
struct CLIDocumentsTests {
    @Test("put files with progress, search them, list them as JSON, remove one")
    func roundTrip() async throws {
        let directory = try TemporaryDirectory(prefix: "cli-docs")
        defer { directory.remove() }
        try "Router X1\nHold the reset button for ten seconds.\n".write(toFile: directory.file("router.md"), atomically: true, encoding: .utf8)
        try "Printer P2\nLoad paper in the tray.\n".write(toFile: directory.file("printer.txt"), atomically: true, encoding: .utf8)
        try await TestServer.with { server in
            let connection = try await server.connect()
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue(scopes: ["tools"]).apiKey
            await connection.close()
            let environment = CLI.clearedEnvironment.merging(["FLINT_DATA_DIR": server.dataDirectory, "FLINT_API_KEY": key]) { $1 }
            func run(_ arguments: [String]) async throws -> Executables.Result {
                try await Executables.run("apiclient", ["docs"] + arguments + ["--endpoint", "127.0.0.1:\(server.port)"], environment: environment)
            }

            let put = try await run(["put", directory.file("router.md"), directory.file("printer.txt"), "--collection", "manuals", "--meta", "lang=en"])
            #expect(put.status == 0, "stderr: \(put.stderr)")
            #expect(put.stderr.contains("[1/2] stored manuals/router"))
            #expect(put.stderr.contains("[2/2] stored manuals/printer"))

            let search = try await run(["search", "reset", "--collection", "manuals"])
            #expect(search.status == 0, "stderr: \(search.stderr)")
            #expect(search.stdout.hasPrefix("1. manuals/router  Router X1"))
            #expect(search.stdout.contains("[reset]"))

            let list = try await run(["list", "--json"])
            let listed = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
            #expect(listed.map { $0["id"] as? String } == ["printer", "router"])
            #expect((listed[1]["metadata"] as? [String: String]) == ["lang": "en"])

            let remove = try await run(["rm", "router", "--collection", "manuals"])
            #expect(remove.stdout == "deleted manuals/router\n")
            let bad = try await run(["search", "(reset"])
            #expect(bad.status == 1)
            #expect(bad.stderr.contains("INVALID_ARGUMENT"))
            #expect(try await run(["search", "reset"]).stdout == "no matches\n")
        }
    }
}
