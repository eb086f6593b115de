import Images
import ServerTools
import FlintAPI

/// The images of a conversation in `image_index` order: every image part of every message
/// in order, and within a tool result its images where they appear. Server tools (`ocr`),
/// the image placeholders the models read and visual steps number images this one way.
enum ConversationImages {
    static func inOrder(_ messages: [Message]) -> [ImagePart] {
        var images: [ImagePart] = []
        for message in messages {
            for part in message.parts {
                switch part {
                case .image(let image):
                    images.append(image)
                case .toolResult(let result):
                    for case .image(let image) in result.content { images.append(image) }
                case .text, .toolCall, .reasoning, .observation, .reasoningStep:
                    continue
                }
            }
        }
        return images
    }

    /// The images as server tools read them, each with its EXIF orientation (read from its
    /// header; an image a tool returned was not checked at the edge, and one whose header
    /// does not parse is left upright for the tool to refuse).
    static func toolImages(_ messages: [Message]) -> [ServerToolImage] {
        inOrder(messages).map { image in
            let orientation = (try? ImageInspector.structure(image.data, mediaType: image.mediaType))?.orientation ?? 1
            return ServerToolImage(data: image.data, mediaType: image.mediaType, orientation: orientation)
        }
    }
}
