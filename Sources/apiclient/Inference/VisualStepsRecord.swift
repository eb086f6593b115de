import Foundation
import Images
import Synchronization
import FlintAPI

/// The observations and steps of one `apiclient complete --visual-steps` call, as they
/// arrive, for `--annotate`: one SVG per image with every cited region drawn.
final class VisualStepsRecord: Sendable {
    private let state = Mutex((observations: [Observation](), steps: [ReasoningStep]()))

    func add(_ event: CompletionEvent) {
        switch event.event {
        case .observation(let observation): state.withLock { $0.observations.append(observation) }
        case .reasoningStep(let step): state.withLock { $0.steps.append(step) }
        default: break
        }
    }

    func add(_ response: CompleteResponse) {
        for part in response.content {
            switch part {
            case .observation(let observation): state.withLock { $0.observations.append(observation) }
            case .reasoningStep(let step): state.withLock { $0.steps.append(step) }
            default: continue
            }
        }
    }

    /// Writes the annotated pictures: `path` itself for one image, else `path` with the
    /// image index before its extension (`receipt-0.svg`, `receipt-1.svg`, …). Returns the
    /// files written.
    func writeAnnotations(images: [ImagePart], to path: String) throws -> [String] {
        let (observations, steps) = state.withLock { ($0.observations, $0.steps) }
        var written: [String] = []
        for (index, image) in images.enumerated() {
            let info = try? ImageInspector.structure(image.data, mediaType: image.mediaType)
            let annotation = ImageAnnotation(
                imageData: image.data, mediaType: image.mediaType, width: info?.displayedWidth ?? 1000, height: info?.displayedHeight ?? 1000,
                imageIndex: UInt32(index))
            let file = images.count == 1 ? path : Self.numbered(path, index)
            try annotation.svg(steps: steps, observations: observations).write(toFile: file, atomically: true, encoding: .utf8)
            written.append(file)
        }
        return written
    }

    static func numbered(_ path: String, _ index: Int) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension
        let base = url.deletingPathExtension().path
        return base + "-\(index)" + (ext.isEmpty ? "" : "." + ext)
    }
}
