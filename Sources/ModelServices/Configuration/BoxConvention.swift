/// How a vision backend writes the boxes it returns (models file `images.boxConvention`).
/// Flint converts every box to its own frame (0–1000 of the image as displayed, x first)
/// before anything else reads it.
public enum BoxConvention: Hashable, Sendable {
    /// `[x0, y0, x1, y1]` on a 0–1000 scale: Flint's own frame (the default).
    case xyxyThousandths
    /// `[y0, x0, y1, x1]` on a 0–1000 scale (Gemini and PaliGemma style).
    case yxyxThousandths
    /// `[x0, y0, x1, y1]` in pixels of the image the model saw: the image as displayed,
    /// scaled down (never up) so its longer side is at most `maxSide` (nil: not scaled).
    /// Qwen-VL style.
    case xyxyPixels(maxSide: Int?)
    /// `[x0, y0, x1, y1]` as fractions (0 to 1) of the width and height.
    case xyxyUnit

    /// The models file names, in the order the docs list them.
    public static let names = ["xyxy-1000", "yxyx-1000", "xyxy-pixels", "xyxy-unit"]

    /// The convention a models file names (`maxSide` only with `xyxy-pixels`), or nil.
    public init?(name: String, maxSide: Int?) {
        switch name {
        case "xyxy-1000": self = .xyxyThousandths
        case "yxyx-1000": self = .yxyxThousandths
        case "xyxy-pixels": self = .xyxyPixels(maxSide: maxSide)
        case "xyxy-unit": self = .xyxyUnit
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .xyxyThousandths: "xyxy-1000"
        case .yxyxThousandths: "yxyx-1000"
        case .xyxyPixels: "xyxy-pixels"
        case .xyxyUnit: "xyxy-unit"
        }
    }
}
