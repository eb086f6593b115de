import Foundation
import Testing

/// `apiclient usage` against a real `apiserver`.
@Suite("apiclient usage")
struct CLIUsageTests {
    @Test("usage prints a table with a TOTAL line, and --json an array of rows")
    func usage() async throws {
        let server = try await ServerProcess()
        let cli = CLI(server)
        // Some calls for the ledger: admin calls are calls too.
        for _ in 0..<3 { _ = try await cli.run(["keys", "list"]) }

        let totals = try await cli.run(["usage"])
        #expect(totals.status == 0, "stderr: \(totals.stderr)")
        let lines = totals.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.split(separator: " ").joined(separator: " ") == "REQUESTS FAILED INPUT TOKENS OUTPUT TOKENS")
        #expect(lines.dropFirst().first?.hasPrefix("TOTAL") == true)

        let grouped = try await cli.run(["usage", "--since", "7d", "--group-by", "day,method"])
        #expect(grouped.status == 0, "stderr: \(grouped.stderr)")
        let header = try #require(grouped.stdout.split(separator: "\n").first.map(String.init))
        #expect(header.hasPrefix("DAY"))
        for column in ["METHOD", "REQUESTS", "FAILED", "INPUT TOKENS", "OUTPUT TOKENS"] { #expect(header.contains(column)) }
        #expect(grouped.stdout.split(separator: "\n").contains { $0.hasPrefix("TOTAL") })

        let rows = try await cli.array(["usage", "--group-by", "method", "--group-by", "day"])
        for row in rows {
            #expect(row["method"] is String)
            #expect((row["day"] as? String)?.count == 10)
            for count in ["requests", "failed_requests", "input_tokens", "output_tokens"] { #expect(row[count] is Int) }
            #expect(row["model"] == nil)
        }
        let empty = try await cli.array(["usage", "--since", "2000-01-01", "--until", "2000-01-02", "--group-by", "day"])
        #expect(empty.isEmpty)
        #expect(await server.terminate() == 0)
    }

    @Test("a key without the admin scope may read usage (its own partner's)")
    func nonAdminUsage() async throws {
        let server = try await ServerProcess()
        let cli = CLI(server)
        let issued = try await cli.issue(partner: "beta", scopes: "inference")
        let result = try await cli.run(["usage", "--group-by", "partner", "--json"], environment: ["FLINT_API_KEY": issued.apiKey])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(rows.allSatisfy { $0["partner"] as? String == "beta" })
        #expect(await server.terminate() == 0)
    }
}
