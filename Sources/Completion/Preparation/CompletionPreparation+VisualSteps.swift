import ModelServices
import FlintAPI

extension CompletionPreparation {
    /// Visual steps need a route on the model (``visualStepsRoute(_:)``), images, and no tools.
    func checkVisualSteps(_ request: CompleteRequest, model: ModelDescriptor, images: [PreparedImage]) throws(RPCError) -> VisualStepRoute {
        let field = "reasoning.visual_steps"
        let route: VisualStepRoute
        do {
            route = try visualStepsRoute(model)
        } catch {
            throw CompletionError.invalid(field, error.reason)
        }
        guard !images.isEmpty else {
            throw CompletionError.invalid(field, "visual steps need at least one image in the messages")
        }
        guard images.count <= limits.visualSteps.maxImages else {
            throw CompletionError.invalid(field, "visual steps read at most \(limits.visualSteps.maxImages) images, not \(images.count)")
        }
        if !request.tools.isEmpty || !request.serverTools.isEmpty {
            throw CompletionError.invalid(request.tools.isEmpty ? "server_tools" : "tools", "visual steps cannot be combined with tools yet")
        }
        return route
    }

    /// How visual steps run on `model`: natively on a vision backend with JSON-schema
    /// output; else through perception (OCR) when the server runs it, held to a grammar
    /// (a raw-prompt llama.cpp model) or to the schema as `response_format` (a chat model
    /// with structured output), or, on a vision model without structured output, read
    /// strictly afterwards. The one predicate; ListModels says the same.
    public func visualStepsRoute(_ model: ModelDescriptor) throws(VisualStepsUnavailable) -> VisualStepRoute {
        let native = CompletionPreparation.takesImages(model)
        if native, model.capabilities.structuredOutput { return .vision }
        guard canPerceive else {
            let why = native ? " (\(model.name) has no JSON-schema output, capabilities.structuredOutput)" : ""
            throw VisualStepsUnavailable(reason: "visual steps need OCR, which this server does not run\(why)")
        }
        if model.toolCalling == .constrained { return .perception(.grammar) }
        if model.capabilities.structuredOutput, model.promptFormat == .chat { return .perception(.responseSchema) }
        if native { return .perception(.checkedWhenRead) }
        throw VisualStepsUnavailable(
            reason: "visual steps on \(model.name) need grammar-constrained output (a raw-prompt llama.cpp model) "
                + "or JSON-schema output (capabilities.structuredOutput)")
    }

    /// Why visual steps are not available on `model`, or nil when they are.
    public func visualStepsRefusal(_ model: ModelDescriptor) -> String? {
        do {
            _ = try visualStepsRoute(model)
            return nil
        } catch {
            return error.reason
        }
    }
}
