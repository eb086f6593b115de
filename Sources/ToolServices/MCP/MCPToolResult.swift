import Foundation
import Images
import ServerTools
import ToolSchema

/// A `tools/call` result as the model gets it: each text content in order, then
/// `structuredContent` as JSON text (when no text already carries it); image contents
/// as images, once their format and structure pass the checks the caller's images pass
/// (an image that does not is a line saying why); other content kinds (audio, resource links) named in a line of text, since
/// the model cannot read them. `isError` makes it a tool error.
enum MCPToolResult {
    static func output(_ result: JSONObject) throws(ServerToolFailure) -> ServerToolOutput {
        guard let content = result["content"]?.arrayValue ?? (result["structuredContent"] != nil ? [] : nil) else {
            throw ServerToolFailure("the tool service's result has no content")
        }
        var texts: [String] = []
        var images: [ServerToolImage] = []
        for case .object(let part) in content {
            switch part["type"]?.stringValue {
            case "text":
                texts.append(part["text"]?.stringValue ?? "")
            case "image":
                guard let encoded = part["data"]?.stringValue, let data = Data(base64Encoded: encoded),
                    let mediaType = part["mimeType"]?.stringValue
                else {
                    texts.append("[an image the tool service sent is not valid base64 with a mimeType]")
                    continue
                }
                do {
                    _ = try ImageInspector.structure(Array(data), mediaType: mediaType)
                    images.append(ServerToolImage(data: Array(data), mediaType: mediaType))
                } catch {
                    texts.append("[an image the tool service sent is refused: \(error)]")
                }
            case let other:
                texts.append("[a '\(other ?? "untyped")' content part the model cannot read]")
            }
        }
        if let structured = result["structuredContent"] {
            let json = structured.serialized()
            if !texts.contains(json) { texts.append(json) }
        }
        let text = texts.joined(separator: "\n")
        if result["isError"]?.boolValue == true {
            throw ServerToolFailure(text.isEmpty ? "the tool reported an error" : text)
        }
        return ServerToolOutput(text: text, images: images)
    }
}
