import Images
import FlintAPI

/// Checks that an image's data decodes, which the edge's header and structure checks
/// cannot see (a corrupt JPEG scan in a well-formed file). Runs after preparation and
/// before any token is reserved (``CompletionPipeline/checkImageData(_:)``).
public protocol ImageDataCheck: Sendable {
    /// Throws ``ImageReadFailure`` when `image` does not decode within `limits`.
    func check(_ image: PreparedImage, limits: ImageLimits) async throws
}

extension CompletionPipeline {
    /// Decodes every image of `prepared` (when the server checks image data): a refusal is
    /// INVALID_ARGUMENT naming the image's path and `image_index`, like the edge's own.
    public func checkImageData(_ prepared: PreparedCompletion) async throws(RPCError) {
        guard let imageCheck else { return }
        for image in prepared.images {
            do {
                try await imageCheck.check(image, limits: prepared.model.imageLimits)
            } catch let failure as ImageReadFailure where failure.isTransient {
                throw RPCError(.unavailable, "\(image.path) could not be checked now: \(failure.message); retry shortly", retryAfterMs: 1000)
            } catch let failure as ImageReadFailure {
                throw CompletionError.invalid(image.path, "\(image.path) (image_index \(image.index)): \(failure.message)")
            } catch is CancellationError {
                throw RPCError(.cancelled, "the call was cancelled")
            } catch {
                throw RPCError(.internalError, "\(image.path) could not be checked")
            }
        }
    }
}
