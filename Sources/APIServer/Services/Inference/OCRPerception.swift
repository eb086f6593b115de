import Completion
import OCR
import FlintAPI

/// Perception for visual steps on models that cannot see: each image read on the OCR
/// worker pool (the one the `ocr` tool uses), turned by its EXIF orientation, giving its
/// facts (format, displayed size, orientation) for the whole image and each line
/// Tesseract read with its box.
struct OCRPerception: ImagePerception {
    let pool: OCRWorkerPool

    func perceive(_ image: PreparedImage) async throws -> [PerceivedRegion] {
        let result: OCRResult
        do {
            result = try await pool.recognize(OCRJob(image: image.part.data, orientation: image.info.orientation))
        } catch .cancelled {
            throw CancellationError()
        } catch .busy, .shutDown {
            throw ImageReadFailure("every OCR worker is busy", isTransient: true)
        } catch {
            throw ImageReadFailure("\(error)")
        }
        let info = image.info
        let shape = result.width == result.height ? "square" : result.width > result.height ? "landscape" : "portrait"
        let turned = info.orientation == 1 ? "" : ", shown turned by its EXIF orientation \(info.orientation)"
        let facts = "\(info.format.rawValue.uppercased()), \(info.displayedWidth)×\(info.displayedHeight) pixels, \(shape)\(turned)"
        var regions = [PerceivedRegion(box: .whole, text: facts, confidence: 1, source: Observation.Source.image)]
        for line in result.lines {
            let box = Box(x0: UInt32(clamping: line.box.x0), y0: UInt32(clamping: line.box.y0), x1: UInt32(clamping: line.box.x1), y1: UInt32(clamping: line.box.y1))
            regions.append(PerceivedRegion(box: box, text: line.text, confidence: Float(line.confidence), source: Observation.Source.ocr))
        }
        return regions
    }
}
