import Synchronization

/// A job's stop flag: set when its caller stops waiting or its time runs out, read by
/// Tesseract's cancel callback between words.
public final class OCRCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func cancel() {
        flag.store(true, ordering: .releasing)
    }

    public var isCancelled: Bool {
        flag.load(ordering: .acquiring)
    }
}
