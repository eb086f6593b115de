import ServerTools
import FlintAPI

/// Images as a model that cannot see reads them: each image part (tool results' included)
/// becomes a short text naming its `image_index`, so the model can call `ocr` on it.
/// Preparation accepts images for such a model only when the request allows `ocr`.
enum ImagePlaceholders {
    static func replacing(_ conversation: [Message]) -> [Message] {
        var index = 0
        func placeholder(_ image: ImagePart) -> TextPart {
            defer { index += 1 }
            return TextPart(text: text(index: index, mediaType: image.mediaType))
        }
        return conversation.map { message in
            var message = message
            message.parts = message.parts.map { part in
                switch part {
                case .image(let image):
                    return .text(placeholder(image))
                case .toolResult(var result):
                    result.content = result.content.map { content in
                        if case .image(let image) = content { return .text(placeholder(image)) }
                        return content
                    }
                    return .toolResult(result)
                case .text, .toolCall, .reasoning, .observation, .reasoningStep:
                    return part
                }
            }
            return message
        }
    }

    /// `[image 0: image/png — call ocr with {"image":0} to read it]`.
    static func text(index: Int, mediaType: String) -> String {
        let kind = PrintableText.of(mediaType.isEmpty ? "image" : mediaType)
        let tool = OCRToolName.name
        return "[image \(index): \(kind) — call \(tool) with {\"image\":\(index)} to read it]"
    }
}
