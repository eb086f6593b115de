import ModelServices
import Wire

extension CompletionPreparation {
    /// Visual steps on a model that cannot see: Flint reads the images (OCR) and the model
    /// writes steps held to a grammar, so the model must take one, and the request must
    /// have images and no tools.
    func checkVisualSteps(_ request: CompleteRequest, model: ModelDescriptor, images: [PreparedImage]) throws(RPCError) {
        let field = "reasoning.visual_steps"
        if let refusal = visualStepsRefusal(model) { throw CompletionError.invalid(field, refusal) }
        guard !images.isEmpty else {
            throw CompletionError.invalid(field, "visual steps need at least one image in the messages")
        }
        guard images.count <= limits.visualSteps.maxImages else {
            throw CompletionError.invalid(field, "visual steps read at most \(limits.visualSteps.maxImages) images, not \(images.count)")
        }
        if !request.tools.isEmpty || !request.serverTools.isEmpty {
            throw CompletionError.invalid(request.tools.isEmpty ? "server_tools" : "tools", "visual steps cannot be combined with tools yet")
        }
    }

    /// Why visual steps are not available on `model`, or nil when they are (ListModels
    /// says the same).
    public func visualStepsRefusal(_ model: ModelDescriptor) -> String? {
        if CompletionPreparation.takesImages(model) {
            return "visual steps on models that take images natively (\(model.name)) are not available yet"
        }
        guard canPerceive else { return "visual steps need OCR, which this server does not run" }
        guard model.toolCalling == .constrained else {
            return "visual steps on \(model.name) need grammar-constrained output (a raw-prompt llama.cpp model)"
        }
        return nil
    }
}
