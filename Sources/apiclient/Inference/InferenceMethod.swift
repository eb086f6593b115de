/// The Inference methods on the wire.
enum InferenceMethod {
    static let complete = "/flint.v1.Inference/Complete"
    static let streamComplete = "/flint.v1.Inference/StreamComplete"
    static let countTokens = "/flint.v1.Inference/CountTokens"
    static let listModels = "/flint.v1.Inference/ListModels"
    static let listTools = "/flint.v1.Inference/ListTools"
}
