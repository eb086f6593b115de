/// Why an image could not be read. Every message is written for the caller (a model reading
/// a tool result, or an operator at start-up) and names the limit or the problem.
public enum OCRError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not an image this reader takes (PNG, JPEG, WebP, GIF), or its header does not parse.
    case unreadableHeader
    /// The header's format is not one of the four taken.
    case unsupportedFormat(String)
    /// The header's size is over the pixel budget (checked before any decode).
    case overPixelBudget(width: Int, height: Int, limits: OCRPixelLimits)
    /// A GIF's frames together are over the pixel budget (Leptonica decodes them all).
    case framesOverPixelBudget(frames: Int, pixels: Int, limits: OCRPixelLimits)
    /// The data did not decode (truncated, corrupt).
    case corrupt
    /// The decoded size differs from what the header said.
    case headerMismatch(header: String, decoded: String)
    /// An EXIF orientation outside 1–8.
    case invalidOrientation(Int)
    /// A region with no area, or outside the 0–1000 frame.
    case invalidRegion(String)
    /// Tesseract failed or stopped on the image.
    case recognitionFailed
    /// The job ran past its time limit and was stopped.
    case timeLimit(Duration)
    /// Every worker is busy and the queue is full.
    case busy(workers: Int, queued: Int)
    /// The caller stopped waiting.
    case cancelled
    /// The pool was shut down.
    case shutDown
    /// Tesseract's language data is missing or does not load (a start-up problem).
    case languageData(String)

    public var description: String {
        switch self {
        case .unreadableHeader:
            return "the image's header does not parse as PNG, JPEG, WebP or GIF"
        case .unsupportedFormat(let format):
            return "the image is \(format); OCR reads PNG, JPEG, WebP and GIF"
        case .overPixelBudget(let width, let height, let limits):
            return "the image is \(width)×\(height) pixels; OCR reads at most \(limits.maxSide) pixels a side and \(limits.maxPixels) pixels in all"
        case .framesOverPixelBudget(let frames, let pixels, let limits):
            return "the image's \(frames) frames hold \(pixels) pixels together; OCR reads at most \(limits.maxPixels) pixels in all"
        case .corrupt:
            return "the image data is truncated or corrupt and does not decode"
        case .headerMismatch(let header, let decoded):
            return "the image's header says \(header) but it decodes to \(decoded)"
        case .invalidOrientation(let value):
            return "EXIF orientation \(value) is not one of 1 to 8"
        case .invalidRegion(let why):
            return "the region \(why)"
        case .recognitionFailed:
            return "text recognition failed on this image"
        case .timeLimit(let limit):
            return "text recognition did not finish within \(limit) and was stopped"
        case .busy(let workers, let queued):
            return "all \(workers) OCR workers are busy and \(queued) images wait; try again shortly"
        case .cancelled:
            return "the OCR request was cancelled"
        case .shutDown:
            return "OCR has shut down"
        case .languageData(let why):
            return "OCR language data: \(why)"
        }
    }
}
