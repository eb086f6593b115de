import ServerTools
import ToolSchema
import FlintAPI

/// Runs the server tools of one model turn: at most `concurrency` at once, each within
/// its own timeout and output cap. A tool that fails, times out or says too much gives
/// the model an error result; nothing here throws, except on cancellation of the call.
struct ServerToolRunner {
    let concurrency: Int
    /// How a timeout waits (injected, so tests do not sleep).
    let sleep: @Sendable (Duration) async throws -> Void

    struct Run: Sendable {
        var id: String
        var tool: any ServerTool
        var arguments: JSONValue
    }

    /// Runs `runs`, each tool reading `context` (the conversation's images).
    func run(_ runs: [Run], context: ServerToolContext) async throws -> [ToolResult] {
        var results = [ToolResult?](repeating: nil, count: runs.count)
        try await withThrowingTaskGroup(of: (Int, ToolResult).self) { group in
            var next = 0
            func start() {
                let index = next
                let run = runs[index]
                next += 1
                group.addTask { (index, await self.result(of: run, context: context)) }
            }
            while next < min(concurrency, runs.count) { start() }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < runs.count { start() }
            }
        }
        try Task.checkCancellation()
        return results.map { $0! }
    }

    private func result(of run: Run, context: ServerToolContext) async -> ToolResult {
        let limits = run.tool.limits
        let outcome = await withTaskGroup(of: Result<ServerToolOutput, ServerToolFailure>?.self) { group in
            group.addTask {
                do throws(ServerToolFailure) {
                    return .success(try await run.tool.output(run.arguments, context: context))
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                try? await sleep(limits.timeout)
                return nil
            }
            let first: Result<ServerToolOutput, ServerToolFailure>?? = await group.next()
            group.cancelAll()
            return first.flatMap { $0 }
        }
        switch outcome {
        case .success(let output) where output.size <= limits.maxOutputBytes:
            let images = output.images.map { ToolResultPart.image(ImagePart(data: $0.data, mediaType: $0.mediaType)) }
            return ToolResult(toolCallID: run.id, content: [.text(TextPart(text: output.text))] + images)
        case .success(let output):
            return Self.failure(run.id, "the tool's output of \(output.size) bytes is over its limit of \(limits.maxOutputBytes)")
        case .failure(let failure):
            return Self.failure(run.id, failure.message)
        case nil:
            return Self.failure(run.id, "the tool did not finish within \(limits.timeout)")
        }
    }

    static func failure(_ id: String, _ message: String) -> ToolResult {
        ToolResult(toolCallID: id, content: [.text(TextPart(text: message))], isError: true)
    }
}
