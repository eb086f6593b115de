/// Decodes a job's image (pixel budget, orientation, grey) and reads it with Tesseract.
public final class TesseractRecognizer: OCRRecognizer {
    private let decoder: ImageDecoder
    private let engine: TesseractEngine

    /// Loads the language data; fails when it is missing or does not load.
    public init(tessdata: TessdataLocation, limits: OCRLimits) throws(OCRError) {
        self.decoder = ImageDecoder(limits: limits.pixels)
        self.engine = try TesseractEngine(tessdata: tessdata, maxWords: limits.maxWords)
    }

    public func recognize(_ job: OCRJob, cancellation: OCRCancellation, timeLimit: Duration) throws(OCRError) -> OCRResult {
        let image = try decoder.decode(job.image, orientation: job.orientation)
        return try engine.recognize(image, region: job.region, cancellation: cancellation, timeLimit: timeLimit)
    }
}
