import ArgumentParser
import Foundation
import FlintAPI

/// `apiclient complete`: one completion, streamed to stdout as the model writes it.
struct CompleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complete",
        abstract: "Complete a prompt with the model, printing text as it arrives.",
        discussion: HelpText.discussion(
            """
            Streams with flint.v1.Inference/StreamComplete (or calls Complete with
            --no-stream). Text goes to stdout as it arrives; with --verbose the usage and
            stop reason go to stderr. With --json, prints one JSON object per event (text
            deltas, usage, stop). Ctrl-C cancels the call on the server: generation stops
            and only the tokens produced so far are billed. Needs a key with the
            "inference" scope. The default model is a base model: it continues text, so
            give it the start of what you want ("The capital of France is").

            Tools: --server-tool lets Flint run a server tool (calculator, clock, ocr) in a
            loop with the model; --tool-file offers your own tools, whose calls come back
            for you to run (stop reason tool_use). Tool calls and results print on their own
            lines ("→ call", "← result"); with --json they are tool_call and tool_result
            events.

            Images: --image FILE (repeat for several) sends each image with the prompt, in
            order (image 0 first). A model that cannot see reads them with the ocr server
            tool: add --server-tool ocr (and --tool-choice ocr to make it read first).

            Visual steps: --visual-steps prints what was read in each image (◉ observations,
            each with its image and box on a 0-1000 frame, x first), then each reasoning
            step with the regions it cites, then the answer; --annotate FILE.svg draws every
            cited region on the image, numbered by step, so you can look rather than read.
            """,
            examples: [
                "apiclient complete --prompt \"The capital of France is\"",
                "apiclient complete --prompt \"Once upon a time\" --max-tokens 64 --temperature 0.8",
                "apiclient complete --prompt \"2 + 2 =\" --no-stream --json",
                "apiclient complete --prompt \"What is 17 times 23?\" --server-tool calculator --tool-choice calculator",
                "apiclient complete --prompt \"Where is order A-17?\" --tool-file tools.json --tool-choice required --json",
                "apiclient complete --image receipt.png --server-tool ocr --tool-choice ocr --max-steps 2 --prompt \"What is the total?\"",
                "apiclient complete --image receipt.png --visual-steps --prompt \"What is the total?\" --annotate receipt.svg",
            ])
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Credential") var auth: AuthOptions
    @OptionGroup(title: "Tools") var tools: ToolOptions

    @Option(help: "The text to complete; '-' reads it from standard input.")
    var prompt: String

    @Option(help: "An image file (PNG, JPEG, GIF, WebP) sent before the prompt; repeat for several.")
    var image: [String] = []

    @Flag(help: "Ask for the model's reasoning (models with reasoning, as `apiclient models` lists them); it prints on stderr as it arrives, after 'thinking:'.")
    var reasoning = false

    @Flag(help: "Reason about the images step by step: what was read in them (observations), then steps citing the regions they rest on, then the answer. Needs --image.")
    var visualSteps = false

    @Option(help: ArgumentHelp("With --visual-steps: write an SVG of each image with every region a step cites drawn and numbered by its step (several images: FILE-0.svg, FILE-1.svg, …).", valueName: "file.svg"))
    var annotate: String?

    @Option(help: "Model name, as `apiclient models` lists them. (default: the server's default model)")
    var model: String = ""

    @Option(help: "A system prompt put before the prompt.")
    var system: String = ""

    @Option(help: "Most tokens to generate per model call; 0 means the model's maximum. (default: 128; with --visual-steps, the model's maximum)")
    var maxTokens: UInt32?

    @Option(help: "Sampling temperature, 0 to 2. (default: the model's)")
    var temperature: Float?

    @Option(help: "Nucleus sampling, more than 0 and at most 1. (default: the model's)")
    var topP: Float?

    @Option(help: "Stop before this text; repeat for several.")
    var stop: [String] = []

    @Flag(help: "Wait for the whole answer (Inference/Complete) instead of streaming.")
    var noStream = false

    @Flag(help: "Print JSON: one object per event, or one object with --no-stream.")
    var json = false

    @Flag(help: "Print usage and the stop reason on stderr.")
    var verbose = false

    func validate() throws {
        if let temperature, !(0...2).contains(temperature) { throw ValidationError("--temperature must be from 0 to 2") }
        if let topP, !(topP > 0 && topP <= 1) { throw ValidationError("--top-p must be more than 0 and at most 1") }
        if visualSteps, image.isEmpty { throw ValidationError("--visual-steps needs at least one --image") }
        if let annotate {
            guard visualSteps else { throw ValidationError("--annotate needs --visual-steps") }
            guard annotate.lowercased().hasSuffix(".svg") else { throw ValidationError("--annotate writes SVG: give a file name ending in .svg") }
        }
    }

    func run() async throws {
        let request = try completeRequest()
        let printer = CompletionPrinter(json: json, verbose: verbose)
        let record = VisualStepsRecord()
        let streaming = !noStream
        do {
            try await connection.withSession(auth) { session in
                try await InterruptCancellation.run {
                    if streaming {
                        try await Self.stream(request, session: session, printer: printer, record: record)
                    } else {
                        let response = try await session.unary(Methods.Inference.complete, request)
                        record.add(response)
                        printer.complete(response)
                    }
                }
            }
        } catch is CancellationError {
            FileHandle.standardError.write(Data("\ncancelled\n".utf8))
            throw ExitCode(130)
        }
        if let annotate {
            let images = request.messages.flatMap(\.parts).compactMap { if case .image(let image) = $0 { image } else { nil } }
            for file in try record.writeAnnotations(images: images, to: annotate) {
                FileHandle.standardError.write(Data("wrote \(file)\n".utf8))
            }
        }
    }

    private func completeRequest() throws -> CompleteRequest {
        var text = prompt
        if prompt == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        var request = CompleteRequest(
            model: model, systemPrompt: system, messages: [Message(role: .user, parts: try ImageFiles.parts(image) + [.text(TextPart(text: text))])],
            maxTokens: maxTokens ?? (visualSteps ? 0 : 128), temperature: temperature, topP: topP, stopSequences: stop,
            reasoning: reasoning || visualSteps ? ReasoningOptions(enabled: reasoning, visualSteps: visualSteps) : nil
        )
        try tools.apply(to: &request)
        return request
    }

    private static func stream(_ request: CompleteRequest, session: APISession, printer: CompletionPrinter, record: VisualStepsRecord) async throws {
        do {
            _ = try await session.client.call(Methods.Inference.streamComplete, request: request, options: session.options) { event in
                guard case .message(let bytes) = event else { return }
                let decoded = try CompletionEvent(protobufBytes: bytes)
                record.add(decoded)
                printer.event(decoded)
            }
        } catch let error as RPCError {
            printer.finishLine()
            throw CLIError(error)
        }
    }
}
