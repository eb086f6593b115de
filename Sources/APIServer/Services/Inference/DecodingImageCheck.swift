import Completion
import Images
import OCR

/// The edge's decode check of every image of a request, on ``ImageDecodeCheck``'s own
/// threads, held to the model's image limits as the pixel budget.
struct DecodingImageCheck: ImageDataCheck {
    let decoder: ImageDecodeCheck

    func check(_ image: PreparedImage, limits: ImageLimits) async throws {
        do {
            try await decoder.check(image.part.data, orientation: image.info.orientation, pixels: OCRPixelLimits(maxSide: limits.maxSide, maxPixels: limits.maxPixels))
        } catch .busy {
            throw ImageReadFailure("every image decoder is busy", isTransient: true)
        } catch .cancelled {
            throw CancellationError()
        } catch {
            throw ImageReadFailure("\(error)")
        }
    }
}
