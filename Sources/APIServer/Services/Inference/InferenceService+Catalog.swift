import Completion
import Images
import ModelServices
import ServerTools
import FlintAPI

extension InferenceService {
    /// Counts the prompt exactly as Complete would render it: system prompt, tool
    /// descriptions and conversation, checked by the same rules; images count by the
    /// model's image token formula, as admission counts them.
    @Sendable func countTokens(_ request: CountTokensRequest, _ context: ServerCallContext) async throws -> CountTokensResponse {
        let prepared = try pipeline.prepare(
            CompleteRequest(
                model: request.model, systemPrompt: request.systemPrompt, messages: request.messages, tools: request.tools, serverTools: request.serverTools),
            partner: context.principal?.partner)
        try await pipeline.checkImageData(prepared)
        do {
            let count = try await backend.countTokens(pipeline.promptText(of: prepared), model: prepared.model.name)
            return CountTokensResponse(inputTokens: UInt64(count) + UInt64(prepared.firstRequest.imageTokens), model: prepared.model.name)
        } catch let error as ModelServiceError {
            throw CompletionPipeline.rpcError(error, model: prepared.model.name, logger: context.logger)
        }
    }

    @Sendable func listModels(_ request: ListModelsRequest, _ context: ServerCallContext) async throws -> ListModelsResponse {
        ListModelsResponse(
            models: backend.models.map { model in
                ModelInfo(
                    name: model.name,
                    capabilities: FlintAPI.ModelCapabilities(
                        images: model.capabilities.images, tools: model.capabilities.tools, reasoning: model.capabilities.reasoning,
                        toolCalling: Self.toolCalling(model.toolCalling)),
                    contextLength: UInt32(clamping: model.contextLength), maxOutputTokens: UInt32(clamping: model.maxOutputTokens),
                    promptFormat: model.promptFormat.rawValue, isDefault: model.isDefault, imageSupport: imageSupport(model)
                )
            })
    }

    /// How `model` takes images: natively when the pipeline passes them to its backend,
    /// through perception (OCR: the `ocr` tool, visual steps) when the server reads them
    /// for it, else not at all; with the limits and token formula it checks and counts them by.
    func imageSupport(_ model: ModelDescriptor) -> ImageSupport {
        let limits = model.imageLimits
        let preparation = pipeline.preparation
        let input: ImageInput = CompletionPreparation.takesImages(model) ? .native : preparation.canPerceive ? .perception : .none
        return ImageSupport(
            input: input, mediaTypes: ImageInspector.mediaTypes,
            minSidePx: UInt32(ImageLimits.minimumSide), maxSidePx: UInt32(clamping: limits.maxSide), maxPixels: UInt64(clamping: limits.maxPixels),
            maxImageBytes: UInt64(clamping: limits.maxImageBytes), maxImagesPerRequest: UInt32(clamping: limits.maxImagesPerRequest),
            maxRequestImageBytes: UInt64(clamping: limits.maxRequestBytes), tokenPatchPx: UInt32(clamping: model.imageTokens.patchSide),
            tokenMaxSidePx: UInt32(clamping: model.imageTokens.maxSide), visualSteps: preparation.visualStepsRefusal(model) == nil)
    }

    @Sendable func listTools(_ request: ListToolsRequest, _ context: ServerCallContext) async throws -> ListToolsResponse {
        let tools = pipeline.preparation.serverTools.available(to: context.principal?.partner).sorted { $0.name < $1.name }
        return ListToolsResponse(
            tools: tools.map { tool in
                ServerToolInfo(
                    name: tool.name, description: tool.description, parametersJSONSchema: tool.parametersSchema, runsIn: tool.runsIn,
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
