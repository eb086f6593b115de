import ServerTools
import ToolSchema

/// The built-in `ocr` server tool: reads the text of one image of the conversation (or of a
/// region of it) on the OCR worker pool, and returns its lines and words with their boxes
/// on the 0–1000 frame of the whole displayed image and their confidences.
///
/// Result: `{"image":I,"width":W,"height":H,"text":"…","lines":[{"text":"…","box":[x0,y0,x1,y1],"confidence":C}],
/// "words":[…]}`, plus `"region":[…]` when one was read, `"truncated":true` past the word limit,
/// and `"words_omitted":N` (no `words`) when the words would pass the output cap.
public struct OCRTool: ServerTool {
    public let name = OCRToolName.name
    /// 60 seconds (queueing included) and 8,192 bytes.
    public let limits: ServerToolLimits
    private let pool: OCRWorkerPool

    public init(pool: OCRWorkerPool, limits: ServerToolLimits = ServerToolLimits(timeout: .seconds(60), maxOutputBytes: 8_192)) {
        self.pool = pool
        self.limits = limits
    }

    public var description: String {
        """
        Reads the text in an image of the conversation (OCR). "image": the image's index, 0 for the first image \
        of the conversation, counting every image in order. "region" (optional): only the part of the image inside \
        this box. Returns the text, and each line and word with its box [x0,y0,x1,y1] on a 0–1000 frame of the \
        whole image (x from the left edge, y from the top) and a confidence from 0 to 1.
        """
    }

    public var parametersSchema: String {
        let edge = #"{"type":"integer","minimum":0,"maximum":1000}"#
        return #"{"type":"object","properties":{"#
            + #""image":{"type":"integer","minimum":0,"maximum":1000,"description":"The image's index in the conversation, 0 for the first."},"#
            + #""region":{"type":"object","description":"Only read inside this box, on the 0–1000 frame, x0 < x1, y0 < y1.","#
            + #""properties":{"x0":\#(edge),"y0":\#(edge),"x1":\#(edge),"y1":\#(edge)},"#
            + #""required":["x0","y0","x1","y1"],"additionalProperties":false}"#
            + #"},"required":["image"],"additionalProperties":false}"#
    }

    public func run(_ arguments: JSONValue, context: ServerToolContext) async throws(ServerToolFailure) -> String {
        guard case .object(let object) = arguments, let index = object["image"]?.intValue else {
            throw ServerToolFailure("\"image\" must be an integer: the index of an image of the conversation")
        }
        guard context.images.indices.contains(index) else {
            let have = context.images.isEmpty ? "the conversation has no images" : "the images are 0 to \(context.images.count - 1)"
            throw ServerToolFailure("there is no image \(index): \(have)")
        }
        let region = try Self.region(object["region"])
        let result: OCRResult
        do throws(OCRError) {
            result = try await pool.recognize(OCRJob(image: context.images[index].data, orientation: context.images[index].orientation, region: region))
        } catch {
            throw ServerToolFailure("image \(index): \(error.description)")
        }
        return try OCRToolOutput(image: index, region: region, result: result).text(maxBytes: limits.maxOutputBytes)
    }

    private static func region(_ value: JSONValue?) throws(ServerToolFailure) -> FrameBox? {
        guard let value, value != .null else { return nil }
        guard case .object(let box) = value, let x0 = box["x0"]?.intValue, let y0 = box["y0"]?.intValue, let x1 = box["x1"]?.intValue,
            let y1 = box["y1"]?.intValue
        else { throw ServerToolFailure("\"region\" must be {\"x0\":…,\"y0\":…,\"x1\":…,\"y1\":…}, integers on the 0–1000 frame") }
        let region = FrameBox(x0: x0, y0: y0, x1: x1, y1: y1)
        guard region.isValidRegion else { throw ServerToolFailure("\"region\" \(region) must lie inside 0–1000 with x0 < x1 and y0 < y1") }
        return region
    }
}
