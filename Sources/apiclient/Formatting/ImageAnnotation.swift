import Foundation
import FlintAPI

/// An SVG picture of one image with every region the reasoning steps cite drawn on it,
/// each box numbered by its step, so a person can look rather than read. Boxes are on
/// the 0–1000 frame of the image as displayed; the picture has the image's displayed
/// size, and the image is embedded (a `data:` URI), so the file stands alone.
struct ImageAnnotation {
    var imageData: [UInt8]
    var mediaType: String
    /// The image as displayed (EXIF orientation applied).
    var width: Int
    var height: Int
    /// Which image of the request this is.
    var imageIndex: UInt32

    /// Colours the steps take in turn.
    static let palette = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#008080", "#9a6324", "#800000"]

    func svg(steps: [ReasoningStep], observations: [Observation]) -> String {
        let w = max(1, width)
        let h = max(1, height)
        let stroke = max(2, min(w, h) / 200)
        let font = max(12, min(w, h) / 30)
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(w)" height="\#(h)" viewBox="0 0 \#(w) \#(h)">"#,
            #"<image width="\#(w)" height="\#(h)" href="data:\#(Self.escaped(mediaType));base64,\#(Data(imageData).base64EncodedString())"/>"#,
        ]
        for step in steps {
            let colour = Self.palette[Int(step.index) % Self.palette.count]
            for ref in step.refs where ref.imageIndex == imageIndex {
                guard let box = ref.box else { continue }
                let x = Int(box.x0) * w / 1000
                let y = Int(box.y0) * h / 1000
                let bw = max(1, (Int(box.x1) - Int(box.x0)) * w / 1000)
                let bh = max(1, (Int(box.y1) - Int(box.y0)) * h / 1000)
                let text = observations.first { $0.id == ref.observationID }?.text ?? ref.observationID
                lines.append(
                    #"<g><title>Step \#(step.index + 1): \#(Self.escaped(step.text)) (\#(Self.escaped(ref.observationID)): \#(Self.escaped(text)))</title>"#
                        + #"<rect x="\#(x)" y="\#(y)" width="\#(bw)" height="\#(bh)" fill="\#(colour)" fill-opacity="0.12" stroke="\#(colour)" stroke-width="\#(stroke)"/>"#
                        + #"<text x="\#(x + stroke)" y="\#(max(font, y - stroke))" font-family="sans-serif" font-size="\#(font)" font-weight="bold" fill="\#(colour)" stroke="white" stroke-width="\#(max(1, stroke / 2))" paint-order="stroke">\#(step.index + 1)</text></g>"#
                )
            }
        }
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text safe inside SVG text and attributes.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case _ where scalar.value < 0x20 && scalar != "\n" && scalar != "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
