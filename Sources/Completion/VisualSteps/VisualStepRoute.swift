/// How visual steps run on a model (``CompletionPreparation/visualStepsRoute(_:)`` decides;
/// ListModels' `image_support.visual_steps` says whether there is one).
public enum VisualStepRoute: Sendable, Equatable {
    /// A vision backend with JSON-schema output: it sees the images and gives the regions
    /// itself, boxes and all (``VisionStepFormat``).
    case vision
    /// Flint reads the images (OCR) and the model writes steps citing what was read
    /// (``VisualStepFormat``), its output held by `constraint`.
    case perception(StepConstraint)

    /// What holds a perception-path model to the steps' shape.
    public enum StepConstraint: Sendable, Equatable {
        /// A llama.cpp GBNF grammar (a raw-prompt llama.cpp model).
        case grammar
        /// The schema as OpenAI `response_format` (a chat model with structured output).
        case responseSchema
        /// Nothing while it writes (a vision model without structured output): the
        /// instructions show the shape, and the reading refuses anything else.
        case checkedWhenRead
    }
}

/// Why a model offers no visual steps, in words for the caller.
public struct VisualStepsUnavailable: Error, Sendable, Equatable {
    public var reason: String
}
