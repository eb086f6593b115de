import ServerTools
import Wire

/// The images of a conversation in `image_index` order: every image part of every message
/// in order, and within a tool result its images where they appear. Server tools (`ocr`)
/// and the image placeholders the models read number images this one way.
enum ConversationImages {
    static func inOrder(_ messages: [Message]) -> [ServerToolImage] {
        var images: [ServerToolImage] = []
        for message in messages {
            for part in message.parts {
                switch part {
                case .image(let image):
                    images.append(ServerToolImage(data: image.data, mediaType: image.mediaType))
                case .toolResult(let result):
                    for case .image(let image) in result.content {
                        images.append(ServerToolImage(data: image.data, mediaType: image.mediaType))
                    }
                case .text, .toolCall, .reasoning:
                    continue
                }
            }
        }
        return images
    }
}
