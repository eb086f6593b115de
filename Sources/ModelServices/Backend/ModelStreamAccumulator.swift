/// Folds a stream's events into a result; after an early stop it gives the partial result.
///
/// ```swift
/// var accumulator = ModelStreamAccumulator()
/// for try await event in backend.stream(request, deadline: deadline) {
///     accumulator.add(event)
/// }
/// let result = accumulator.result ?? accumulator.partialResult(stopReason: .cancelled)
/// ```
public struct ModelStreamAccumulator: Hashable, Sendable {
    /// The text of all deltas so far.
    public private(set) var text = ""
    /// The usage of the last event seen.
    public private(set) var usage = ModelUsage.zero
    /// The final result, once the `finished` event arrived.
    public private(set) var result: ModelResult?
    /// How many deltas arrived.
    public private(set) var deltaCount = 0

    public init() {}

    public mutating func add(_ event: ModelEvent) {
        switch event {
        case .textDelta(let delta, let usageSoFar):
            text += delta
            usage = usageSoFar
            deltaCount += 1
        case .reasoningDelta(_, let usageSoFar):
            usage = usageSoFar
        case .finished(let finished):
            result = finished
            usage = finished.usage
        }
    }

    /// The final result if there is one, else what arrived so far with `stopReason`.
    public func partialResult(stopReason: ModelStopReason) -> ModelResult {
        result ?? ModelResult(text: text, stopReason: stopReason, usage: usage)
    }
}
