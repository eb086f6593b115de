/// The pixel budget of one image, checked against its header before anything is decoded, so
/// a small file that would decode to a huge image (a decompression bomb) allocates nothing.
public struct OCRPixelLimits: Sendable, Hashable {
    /// Longest side, in pixels.
    public var maxSide: Int
    /// Most pixels (width × height).
    public var maxPixels: Int

    /// 8000 pixels a side and 24 megapixels by default.
    public init(maxSide: Int = 8_000, maxPixels: Int = 24_000_000) {
        self.maxSide = maxSide
        self.maxPixels = maxPixels
    }

    /// Whether a `width`×`height` image fits.
    func admits(width: Int, height: Int) -> Bool {
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        return (1...maxSide).contains(width) && (1...maxSide).contains(height) && !overflow && pixels <= maxPixels
    }
}

/// The bounds of the OCR worker pool.
public struct OCRLimits: Sendable, Hashable {
    /// Worker threads, each with its own Tesseract instance.
    public var workers: Int
    /// Jobs that may wait for a worker; past it a job fails at once as busy.
    public var queueCapacity: Int
    /// Longest one job may run on its worker before it is stopped.
    public var timeLimit: Duration
    /// The pixel budget of one image.
    public var pixels: OCRPixelLimits
    /// Most words (and lines) one result keeps; a noisy image reads as many fragments.
    public var maxWords: Int

    /// 2 workers, 8 waiting jobs, 15 seconds a job, the default pixel budget, 4,000 words.
    public init(
        workers: Int = 2, queueCapacity: Int = 8, timeLimit: Duration = .seconds(15), pixels: OCRPixelLimits = OCRPixelLimits(),
        maxWords: Int = 4_000
    ) {
        self.workers = workers
        self.queueCapacity = queueCapacity
        self.timeLimit = timeLimit
        self.pixels = pixels
        self.maxWords = maxWords
    }
}
