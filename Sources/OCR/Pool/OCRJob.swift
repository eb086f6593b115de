/// One image to read: its bytes, its EXIF orientation and, optionally, the region to read.
public struct OCRJob: Sendable {
    public var image: [UInt8]
    /// EXIF orientation 1–8 (1: stored as displayed).
    public var orientation: Int
    /// The part to read, on the 0–1000 frame of the displayed image; nil for all of it.
    public var region: FrameBox?

    public init(image: [UInt8], orientation: Int = 1, region: FrameBox? = nil) {
        self.image = image
        self.orientation = orientation
        self.region = region
    }
}

/// What a worker thread runs jobs with. Each worker has its own, used by that thread only.
public protocol OCRRecognizer: AnyObject {
    /// Reads `job`, stopping soon after `cancellation` is set or `timeLimit` has passed.
    func recognize(_ job: OCRJob, cancellation: OCRCancellation, timeLimit: Duration) throws(OCRError) -> OCRResult
}
