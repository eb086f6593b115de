import ServerTools
import ToolSchema

/// The `ocr` tool's result text (compact JSON), within its output cap: the words are left
/// out (and counted) when they would pass it; a result that still does not fit fails,
/// asking for a region.
struct OCRToolOutput {
    let image: Int
    let region: FrameBox?
    let result: OCRResult

    func text(maxBytes: Int) throws(ServerToolFailure) -> String {
        let full = json(includingWords: true)
        if full.utf8.count <= maxBytes { return full }
        let lines = json(includingWords: false)
        if lines.utf8.count <= maxBytes { return lines }
        throw ServerToolFailure(
            "image \(image) holds \(result.lines.count) lines, more than the \(maxBytes)-byte result can carry; read part of it with \"region\"")
    }

    private func json(includingWords: Bool) -> String {
        var members: [(key: String, value: JSONValue)] = [
            ("image", .number(JSONNumber(image))),
            ("width", .number(JSONNumber(result.width))),
            ("height", .number(JSONNumber(result.height))),
        ]
        if let region { members.append(("region", Self.box(region))) }
        members.append(("text", .string(result.text)))
        members.append(("lines", .array(result.lines.map(Self.item))))
        if includingWords {
            members.append(("words", .array(result.words.map(Self.item))))
        } else {
            members.append(("words_omitted", .number(JSONNumber(result.words.count))))
        }
        if !result.complete { members.append(("truncated", .bool(true))) }
        // Keys are distinct: cannot fail.
        return JSONValue.object(JSONObject(members: members)!).serialized()
    }

    private static func item(_ item: OCRResult.Item) -> JSONValue {
        let confidence = JSONNumber(literal: String(Double((item.confidence * 100).rounded()) / 100)) ?? JSONNumber(0)
        return ["text": .string(item.text), "box": box(item.box), "confidence": .number(confidence)]
    }

    private static func box(_ box: FrameBox) -> JSONValue {
        .array([box.x0, box.y0, box.x1, box.y1].map { .number(JSONNumber($0)) })
    }
}
