import FlintAPI

/// Reads an image for a model that cannot see: its text (OCR lines) and simple facts
/// about it (size, orientation), each with its box on the 0–1000 frame of the image as
/// displayed. The visual-steps run turns these into the request's observations.
public protocol ImagePerception: Sendable {
    /// What can be read in `image` (checked at the edge: its format, size and EXIF
    /// orientation are known). Throws ``ImageReadFailure`` for an image it cannot read;
    /// the call then fails with INVALID_ARGUMENT naming the image.
    func perceive(_ image: PreparedImage) async throws -> [PerceivedRegion]
}

/// One thing perception saw.
public struct PerceivedRegion: Sendable, Equatable {
    public var box: Box
    public var text: String
    /// From 0 to 1.
    public var confidence: Float
    /// "ocr" or "image".
    public var source: String

    public init(box: Box, text: String, confidence: Float, source: String) {
        self.box = box
        self.text = text
        self.confidence = confidence
        self.source = source
    }
}

/// Why an image could not be read (perceived, or its data decoded), in words for the caller.
public struct ImageReadFailure: Error, Sendable, Equatable {
    public var message: String
    /// True when the image is fine but the reader is not (busy, shutting down): the call
    /// fails UNAVAILABLE, to be retried, instead of INVALID_ARGUMENT.
    public var isTransient: Bool

    public init(_ message: String, isTransient: Bool = false) {
        self.message = message
        self.isTransient = isTransient
    }
}
