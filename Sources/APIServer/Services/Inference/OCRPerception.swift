import Completion
import OCR
import Wire

/// Perception for visual steps on models that cannot see: each image read on the OCR
/// worker pool (the one the `ocr` tool uses), giving its facts (format, displayed size,
/// orientation) for the whole image and each line Tesseract read with its box.
struct OCRPerception: ImagePerception {
    let pool: OCRWorkerPool

    func perceive(_ image: ImagePart, index: UInt32) async throws -> [PerceivedRegion] {
        let result: OCRResult
        do {
            result = try await pool.recognize(OCRJob(image: image.data))
        } catch .cancelled {
            throw CancellationError()
        } catch .busy, .shutDown {
            throw PerceptionFailure("every OCR worker is busy", isTransient: true)
        } catch {
            throw PerceptionFailure("\(error)")
        }
        let shape = result.width == result.height ? "square" : result.width > result.height ? "landscape" : "portrait"
        let format = image.mediaType.hasPrefix("image/") ? String(image.mediaType.dropFirst(6)).uppercased() : "image"
        var regions = [PerceivedRegion(box: .whole, text: "\(format), \(result.width)×\(result.height) pixels, \(shape)", confidence: 1, source: Observation.Source.image)]
        for line in result.lines {
            let box = Box(x0: UInt32(clamping: line.box.x0), y0: UInt32(clamping: line.box.y0), x1: UInt32(clamping: line.box.x1), y1: UInt32(clamping: line.box.y1))
            regions.append(PerceivedRegion(box: box, text: line.text, confidence: Float(line.confidence), source: Observation.Source.ocr))
        }
        return regions
    }
}
