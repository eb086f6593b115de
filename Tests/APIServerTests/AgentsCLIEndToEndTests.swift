import Foundation
import Testing

/// `apiclient agents run` against a real `apiserver` on the embedded model, and the run's
/// tree in `apiclient usage --group-by run`. Runs with the real-model group.
extension InferenceEndToEndTests {
    @Test("apiclient agents run prints the plan, each subtask's end, the answer and its usage within --budget; usage --group-by run shows the run's tree")
    func agentsRunFromTheCommandLine() async throws {
        let server = try await ServerProcess(arguments: [])
        let cli = CLI(server)
        let key = try await cli.issue(partner: "acme", scopes: "agents").apiKey
        let budget = 9_000
        let arguments = [
            "agents", "run", "--goal", "Find 17 times 23 and say if it is odd.", "--budget", "\(budget)", "--max-sub-agents", "2", "--max-subtasks", "2",
            "--server-tool", "calculator", "--key", key,
        ]
        // The model loads for a few seconds; until then the call is UNAVAILABLE.
        var plain = try await cli.run(arguments)
        for _ in 0..<300 where plain.status != 0 && plain.stderr.contains("UNAVAILABLE") {
            try await Task.sleep(for: .milliseconds(200))
            plain = try await cli.run(arguments)
        }
        #expect(plain.status == 0, "stderr: \(plain.stderr)")
        // Not a terminal: plain lines, the plan first, the answer, its usage and run id last.
        #expect(plain.stdout.hasPrefix("plan"))
        #expect(!plain.stdout.contains("\u{1B}["))
        #expect(plain.stdout.contains("\nanswer:\n"))
        let lines = plain.stdout.split(separator: "\n").map(String.init)
        let usageLine = try #require(lines.last { $0.hasPrefix("usage: ") })
        let words = usageLine.split(separator: " ")
        let used = (Int(words[1]) ?? 0) + (Int(words[4]) ?? 0)
        #expect(used > 0 && used <= budget, "\(usageLine)")
        let runID = try #require(lines.last?.hasPrefix("run: run_") == true ? String(lines.last!.dropFirst(5)) : nil)

        let json = try await cli.run(arguments + ["--json"])
        #expect(json.status == 0, "stderr: \(json.stderr)")
        let events = try json.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(events.map { $0["sequence"] as? Int } == Array(0..<events.count))
        #expect(events.first?["type"] as? String == "plan")
        let final = try #require(events.last)
        #expect(final["type"] as? String == "final_answer")
        let usage = try #require(final["usage"] as? [String: Any])
        #expect((usage["input_tokens"] as? Int ?? 0) + (usage["output_tokens"] as? Int ?? 0) <= budget)

        // On a terminal (script(1) gives it one): the live block, redrawn with escape codes.
        let command = ([Executables.url("apiclient").path] + arguments + ["--endpoint", cli.endpoint]).map { "'\($0)'" }.joined(separator: " ")
        let live = try await Executables.runSystem("/usr/bin/script", ["-qec", command, "/dev/null"], environment: cli.environment)
        #expect(live.status == 0, "stdout: \(live.stdout)")
        #expect(live.stdout.contains("\u{1B}[J"))
        #expect(live.stdout.contains("budget ["))
        #expect(live.stdout.contains("agent-1"))
        #expect(live.stdout.contains("answer:"))

        let tree = try await cli.run(["usage", "--partner", "acme", "--group-by", "run"])
        #expect(tree.status == 0, "stderr: \(tree.stderr)")
        let runLine = try #require(tree.stdout.split(separator: "\n").first { $0.hasPrefix(runID) })
        #expect(runLine.contains("(total)"))
        #expect(tree.stdout.contains("  plan"))
        let rows = try await cli.array(["usage", "--partner", "acme", "--group-by", "run"])
        let parts = rows.filter { $0["run_id"] as? String == runID }
        #expect(parts.reduce(0) { $0 + ($1["requests"] as? Int ?? 0) } == 1)
        #expect(Set(parts.compactMap { $0["run_part"] as? String }).isSuperset(of: ["", "plan", "synthesis"]))
        #expect(parts.reduce(0) { $0 + ($1["input_tokens"] as? Int ?? 0) + ($1["output_tokens"] as? Int ?? 0) } == used)
        #expect(await server.terminate() == 0)
    }
}
