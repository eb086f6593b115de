import Images
import ModelServices
import ServerTools
import FlintAPI

extension CompletionPreparation {
    /// Inspects every image of the request in `image_index` order (user messages' image
    /// parts and tool results' images, as they come), against the model's image limits:
    /// before any other check of the parts, so a bad image is refused as such whatever
    /// the model. Refusals name the image's path and the limit.
    func inspectImages(_ messages: [Message], model: ModelDescriptor) throws(RPCError) -> [PreparedImage] {
        var budget = ImageBudget(limits: model.imageLimits)
        var images: [PreparedImage] = []
        func admit(_ part: ImagePart, _ path: String) throws(RPCError) {
            do {
                let info = try budget.admit(part.data, mediaType: part.mediaType)
                let index = UInt32(images.count)
                images.append(PreparedImage(index: index, path: path, part: part, info: info, tokens: model.imageTokens.tokens(for: info)))
            } catch {
                throw CompletionError.invalid(path, "\(path) (image_index \(images.count)): \(error.reason)")
            }
        }
        for (messageIndex, message) in messages.enumerated() {
            for (partIndex, part) in message.parts.enumerated() {
                let field = "messages[\(messageIndex)].parts[\(partIndex)]"
                switch part {
                case .image(let image):
                    try admit(image, "\(field).image")
                case .toolResult(let result):
                    for (index, content) in result.content.enumerated() {
                        if case .image(let image) = content { try admit(image, "\(field).tool_result.content[\(index)].image") }
                    }
                default:
                    continue
                }
            }
        }
        return images
    }

    /// Whether `model`'s backend is given image parts.
    public static func takesImages(_ model: ModelDescriptor) -> Bool {
        imageRefusal(model) == nil
    }

    /// Why `model` refuses image parts, or nil when it takes them.
    static func imageRefusal(_ model: ModelDescriptor) -> String? {
        guard model.capabilities.images else { return "\(model.name) does not take images; allow the '\(OCRToolName.name)' server tool to have them read" }
        guard model.promptFormat == .chat else { return "\(model.name) takes raw text prompts, which cannot carry images" }
        return nil
    }
}
