import Completion
import ModelServices
import ServerTools
import Wire

extension InferenceService {
    /// Counts the prompt exactly as Complete would render it: system prompt, tool
    /// descriptions and conversation, checked by the same rules.
    @Sendable func countTokens(_ request: CountTokensRequest, _ context: ServerCallContext) async throws -> CountTokensResponse {
        let prepared = try pipeline.prepare(
            CompleteRequest(
                model: request.model, systemPrompt: request.systemPrompt, messages: request.messages, tools: request.tools, serverTools: request.serverTools))
        do {
            let count = try await backend.countTokens(pipeline.promptText(of: prepared), model: prepared.model.name)
            return CountTokensResponse(inputTokens: UInt64(count), model: prepared.model.name)
        } catch let error as ModelServiceError {
            throw CompletionPipeline.rpcError(error, model: prepared.model.name, logger: context.logger)
        }
    }

    @Sendable func listModels(_ request: ListModelsRequest, _ context: ServerCallContext) async throws -> ListModelsResponse {
        ListModelsResponse(
            models: backend.models.map { model in
                ModelInfo(
                    name: model.name,
                    capabilities: Wire.ModelCapabilities(
                        images: model.capabilities.images, tools: model.capabilities.tools, reasoning: model.capabilities.reasoning,
                        toolCalling: Self.toolCalling(model.toolCalling)),
                    contextLength: UInt32(clamping: model.contextLength), maxOutputTokens: UInt32(clamping: model.maxOutputTokens),
                    promptFormat: model.promptFormat.rawValue, isDefault: model.isDefault
                )
            })
    }

    @Sendable func listTools(_ request: ListToolsRequest, _ context: ServerCallContext) async throws -> ListToolsResponse {
        let tools = pipeline.preparation.serverTools.tools.sorted { $0.name < $1.name }
        return ListToolsResponse(
            tools: tools.map { tool in
                ServerToolInfo(
                    name: tool.name, description: tool.description, parametersJSONSchema: tool.parametersSchema, runsIn: "builtin",
                    timeoutMs: UInt32(
                        clamping: tool.limits.timeout.components.seconds * 1000 + tool.limits.timeout.components.attoseconds / 1_000_000_000_000_000),
                    maxOutputBytes: UInt32(clamping: tool.limits.maxOutputBytes))
            })
    }

    static func toolCalling(_ mode: ToolCallingMode) -> ToolCalling {
        switch mode {
        case .none: .none
        case .native: .native
        case .constrained: .constrained
        }
    }
}
