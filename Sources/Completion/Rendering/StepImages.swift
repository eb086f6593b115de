import Images
import ModelServices
import FlintAPI

/// The images of a conversation as one model call sends them, in order: the request's
/// own with their inspected token counts; any later one (a server tool's) counts the most
/// an image can, since it was not inspected at the edge.
struct StepImages {
    let prepared: [PreparedImage]
    let formula: ImageTokenFormula
    private var next = 0

    init(prepared: [PreparedImage], formula: ImageTokenFormula) {
        self.prepared = prepared
        self.formula = formula
    }

    /// Passes over images a rendering cannot carry (a tool result's, in a plain-text
    /// transcript), so the ones after them keep their own counts.
    mutating func skip(_ count: Int) {
        next += count
    }

    mutating func modelImage(_ part: ImagePart, at textOffset: Int) -> ModelImage {
        defer { next += 1 }
        let tokens = next < prepared.count ? prepared[next].tokens : formula.maximumTokens
        return ModelImage(data: part.data, mediaType: part.mediaType, textOffset: textOffset, tokens: tokens)
    }
}
