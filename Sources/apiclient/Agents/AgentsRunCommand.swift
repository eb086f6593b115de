import ArgumentParser
import Foundation
import Glibc
import FlintAPI
import Wire

/// `apiclient agents run`: one agent run, its progress shown live, then the answer.
struct AgentsRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a goal: a plan, sub-agents working it in parallel, a final answer.",
        discussion: HelpText.discussion(
            """
            Calls flint.v1.Agents/Run (needs a key with the "agents" scope). The
            coordinator plans the goal as subtasks; sub-agents run them, at most
            --max-sub-agents at once, with the server tools you allow; a last call writes
            the answer. Every model call of the run reserves from --budget first, so the
            run never uses more tokens than that; the same holds for the model-call,
            tool-call and wall-clock budgets.

            On a terminal, shows one line per subtask (its sub-agent, state and tokens)
            and a budget bar, redrawn as the run goes; otherwise prints one plain line
            per step. Then prints the answer, its usage and the run id (for `apiclient
            usage --group-by run`). With --json, prints one JSON object per event.
            Ctrl-C cancels the run on the server; only what ran is billed.
            """,
            examples: [
                "apiclient agents run --goal \"What is 17 times 23, and is it prime?\" --budget 20000 --max-sub-agents 3 --server-tool calculator",
                "apiclient agents run --goal \"Describe this chart\" --image chart.png --json",
            ])
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Credential") var auth: AuthOptions

    @Option(help: "What the run should achieve; '-' reads it from standard input.")
    var goal: String

    @Option(help: "Model for the coordinator and the sub-agents. (default: the server's default model)")
    var model: String = ""

    @Option(help: "Most model tokens (input + output) of the whole run. (default: the server's, 20000)")
    var budget: UInt64 = 0

    @Option(help: "Most sub-agents running at once. (default: the server's)")
    var maxSubAgents: UInt32 = 0

    @Option(help: "Most subtasks of the plan. (default: the server's)")
    var maxSubtasks: UInt32 = 0

    @Option(help: "Most model calls of the run. (default: the server's)")
    var maxModelCalls: UInt32 = 0

    @Option(help: "Most server tool runs of the run. (default: the server's)")
    var maxToolCalls: UInt32 = 0

    @Option(help: ArgumentHelp("Longest the run may take, e.g. 90s or 5m. (default: the server's)", valueName: "duration"))
    var maxWall: String?

    @Option(name: .customLong("server-tool"), help: "A server tool the sub-agents may use (as `apiclient tools list` names them); repeat for several.")
    var serverTools: [String] = []

    @Option(name: .customLong("image"), help: "An image file (PNG, JPEG, WebP or GIF) the goal is about; repeat for several.")
    var images: [String] = []

    @Flag(help: "Print one JSON object per event.")
    var json = false

    func validate() throws {
        if let maxWall { _ = try Self.milliseconds(maxWall) }
        for path in images { _ = try Self.mediaType(path) }
    }

    func run() async throws {
        let request = try runRequest()
        // A run takes its wall-clock budget (the server's default is 120 s), and then some.
        let wallSeconds = request.maxWallMs == 0 ? 120 : Double(request.maxWallMs) / 1000
        let timeout = connection.callTimeout(default: wallSeconds + 30)
        let printer = AgentRunPrinter(mode: json ? .json : (isatty(1) == 1 ? .live : .plain))
        do {
            try await connection.withSession(auth) { session in
                try await InterruptCancellation.run {
                    do {
                        var options = session.options
                        options.timeout = .milliseconds(Int64(timeout * 1000))
                        _ = try await session.client.call(Methods.Agents.run, request: request, options: options) { event in
                            guard case .message(let bytes) = event else { return }
                            printer.event(try AgentEvent(protobufBytes: bytes))
                        }
                    } catch let error as RPCError {
                        throw CLIError(error)
                    }
                }
            }
        } catch is CancellationError {
            FileHandle.standardError.write(Data("\ncancelled\n".utf8))
            throw ExitCode(130)
        }
    }

    private func runRequest() throws -> RunRequest {
        var text = goal
        if goal == "-" { text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
        // The whole request travels in one frame: bound the files before reading them.
        let limit = Int(ConnectionLimits().maxFrameSize)
        var total = 0
        let parts = try images.map { path -> ImagePart in
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            guard let size else { throw ValidationError("--image: cannot read '\(path)'") }
            total += size
            guard total <= limit else { throw ValidationError("--image: the images come to more than the \(limit >> 20) MiB a request may carry") }
            guard let data = FileManager.default.contents(atPath: path), data.count == size else { throw ValidationError("--image: cannot read '\(path)'") }
            return ImagePart(data: [UInt8](data), mediaType: try Self.mediaType(path))
        }
        return RunRequest(
            goal: text, model: model, tokenBudget: budget, maxSubAgents: maxSubAgents, serverTools: serverTools,
            maxWallMs: try maxWall.map(Self.milliseconds) ?? 0, maxModelCalls: maxModelCalls, maxToolCalls: maxToolCalls,
            maxSubtasks: maxSubtasks, images: parts)
    }

    static func milliseconds(_ text: String) throws -> UInt32 {
        let seconds = try DurationText.seconds(text)
        guard seconds > 0, seconds <= 3_600 else { throw ValidationError("--max-wall must be more than 0 and at most 1h") }
        return UInt32(seconds * 1000)
    }

    /// The media type an image file's extension names.
    static func mediaType(_ path: String) throws -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "webp": "image/webp"
        case "gif": "image/gif"
        default: throw ValidationError("--image: '\(path)' is not a .png, .jpg, .jpeg, .webp or .gif file")
        }
    }
}
