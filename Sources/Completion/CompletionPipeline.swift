import Logging
import ModelServices
import ServerTools
import FlintAPI
import Timing

/// The one completion pipeline: checks a request once (``prepare(_:)``), then runs it
/// (``run(_:deadline:meter:sink:)``): a model call, and while the model calls server
/// tools, the tools and another model call, up to the request's step and tool limits.
/// Complete, StreamComplete (and Agents.Run) all drive it; it knows nothing of RPCs.
public struct CompletionPipeline: Sendable {
    public let backend: any ModelBackend
    public let preparation: CompletionPreparation
    /// Reads images for models that cannot see (visual steps); nil when the server runs no OCR.
    public let perception: (any ImagePerception)?
    /// Decodes the request's images before any token is reserved; nil when the server does not.
    public let imageCheck: (any ImageDataCheck)?
    let sleep: @Sendable (Duration) async throws -> Void

    public init(
        backend: any ModelBackend, serverTools: ServerToolRegistry, limits: CompletionLimits, perception: (any ImagePerception)? = nil,
        imageCheck: (any ImageDataCheck)? = nil, sleep: @escaping @Sendable (Duration) async throws -> Void = { try await CancellableSleep.for($0) }
    ) {
        self.backend = backend
        self.preparation = CompletionPreparation(
            models: backend.models, serverTools: serverTools, limits: limits, canPerceive: perception != nil)
        self.perception = perception
        self.imageCheck = imageCheck
        self.sleep = sleep
    }

    public var limits: CompletionLimits { preparation.limits }

    /// Checks `request` once; `partner` is the caller's (nil for none), for the server tools
    /// that act on a partner's own data.
    public func prepare(_ request: CompleteRequest, partner: String? = nil) throws(RPCError) -> PreparedCompletion {
        var prepared = try preparation.prepare(request, partner: partner)
        prepared.partner = partner
        return prepared
    }

    /// Runs a prepared completion, sending its output to `sink` as it is produced. The
    /// first model call's tokens must already be reserved (``PreparedCompletion/estimatedTokens``
    /// at admission); later calls reserve through `meter`, and every call's usage is
    /// recorded there, also when the call fails or is cancelled.
    public func run(
        _ prepared: PreparedCompletion, deadline: ContinuousClock.Instant?, meter: any CompletionMeter, logger: Logger = Logger(label: "flint.completion"),
        sink: @escaping CompletionSink
    ) async throws -> CompletionSummary {
        var loop = ToolLoop(pipeline: self, prepared: prepared, deadline: deadline, meter: meter, logger: logger, sink: sink)
        return try await loop.run()
    }
}

extension CompletionPipeline {
    /// The first model call's prompt as text: the rendered raw prompt, or the chat
    /// messages and tool definitions, for counting its tokens.
    public func promptText(of prepared: PreparedCompletion) -> String {
        let request = prepared.firstRequest
        switch prepared.model.promptFormat {
        case .raw:
            return PromptRendering.rawPrompt(for: request)
        case .chat:
            let messages = PromptRendering.chatMessages(for: request).map { message in
                ([message.text] + message.toolCalls.map { "\($0.name) \($0.argumentsJSON)" }).joined(separator: "\n")
            }
            let tools = request.tools.map { "\($0.name): \($0.description) \($0.parameters.serialized())" }
            return (tools + messages).joined(separator: "\n\n")
        }
    }

    /// A model-service failure in wire terms, its detail logged to `logger`.
    public static func rpcError(_ error: ModelServiceError, model: String, logger: Logger) -> RPCError {
        CompletionError.log(error, model: model, to: logger)
        return CompletionError.model(error)
    }
}
