import Images
import ModelServices
import FlintAPI

extension BoxConvention {
    /// The four numbers a model wrote for a box, in this convention, as a box on Flint's
    /// frame of an image displayed `width` × `height` pixels (through `Box+Conventions`);
    /// nil when the box is outside the image, has its corners out of order, or covers no area.
    func box(_ values: [Double], width: Int, height: Int) -> Box? {
        guard values.count == 4 else { return nil }
        let box: Box?
        switch self {
        case .xyxyThousandths:
            box = Box(xFirstThousandths: values)
        case .yxyxThousandths:
            box = Box(yFirstThousandths: values)
        case .xyxyUnit:
            box = Box(unitX0: values[0], y0: values[1], x1: values[2], y1: values[3])
        case .xyxyPixels(let maxSide):
            let seen = maxSide.map { ImageTokenFormula.scaledDown(width: width, height: height, maxSide: $0) } ?? (width: width, height: height)
            box = Box(pixelsX0: values[0], y0: values[1], x1: values[2], y1: values[3], width: seen.width, height: seen.height)
        }
        guard let box, box.x0 < box.x1, box.y0 < box.y1 else { return nil }
        return box
    }

    /// How the model is asked to write boxes, for its instructions.
    var instructions: String {
        switch self {
        case .xyxyThousandths:
            "[x0, y0, x1, y1] on a 0-1000 scale of the image's width and height, (0, 0) its top-left corner"
        case .yxyxThousandths:
            "[y0, x0, y1, x1] on a 0-1000 scale of the image's height and width, (0, 0) its top-left corner"
        case .xyxyPixels(let maxSide?):
            "[x0, y0, x1, y1] in pixels of the image resized so that its longer side is at most \(maxSide), (0, 0) its top-left corner"
        case .xyxyPixels(nil):
            "[x0, y0, x1, y1] in pixels of the image, (0, 0) its top-left corner"
        case .xyxyUnit:
            "[x0, y0, x1, y1] as fractions from 0 to 1 of the image's width and height, (0, 0) its top-left corner"
        }
    }
}
