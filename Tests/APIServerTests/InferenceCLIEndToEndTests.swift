import Foundation
import Testing

/// What a partner does after the README's serve command: a real `apiserver` on the embedded
/// model, a freshly issued key, and `apiclient complete`. Runs with the real-model group.
extension InferenceEndToEndTests {
    @Test("apiclient complete streams model text with a fresh key; usage shows the call's real tokens; Ctrl-C cancels")
    func completeFromTheCommandLine() async throws {
        let server = try await ServerProcess(arguments: [])
        let cli = CLI(server)
        let key = try await cli.issue(partner: "acme", scopes: "inference").apiKey
        // The model loads for a few seconds; until then the call is UNAVAILABLE.
        var result = try await cli.run(["complete", "--prompt", "The capital of France is", "--max-tokens", "8", "--key", key])
        for _ in 0..<300 where result.status != 0 && result.stderr.contains("UNAVAILABLE") {
            try await Task.sleep(for: .milliseconds(200))
            result = try await cli.run(["complete", "--prompt", "The capital of France is", "--max-tokens", "8", "--key", key])
        }
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(!result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)

        try await Task.sleep(for: .milliseconds(1500))
        let rows = try await cli.array(["usage", "--partner", "acme", "--group-by", "model"])
        let gemma = try #require(rows.first { $0["model"] as? String == "gemma-3-270m" })
        #expect((gemma["input_tokens"] as? Int ?? 0) > 0)
        #expect((gemma["output_tokens"] as? Int ?? 0) > 0)

        let interrupted = try await Self.interruptAfterFirstOutput(cli, key: key)
        #expect(interrupted.status == 130)
        #expect(interrupted.stderr.contains("cancelled"))
        #expect(await server.terminate() == 0)
    }

    /// Runs a long `apiclient complete`, sends SIGINT once text arrives, returns how it ended.
    static func interruptAfterFirstOutput(_ cli: CLI, key: String) async throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = Executables.url("apiclient")
        process.arguments = ["complete", "--prompt", "Once upon a time", "--max-tokens", "400", "--key", key, "--endpoint", cli.endpoint]
        process.environment = ProcessInfo.processInfo.environment.merging(cli.environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let firstBytes = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
            Thread.detachNewThread { continuation.resume(returning: out.fileHandleForReading.availableData.count) }
        }
        #expect(firstBytes > 0)
        kill(process.processIdentifier, SIGINT)
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, stderr))
            }
        }
    }
}
