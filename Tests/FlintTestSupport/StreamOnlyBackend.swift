import ModelServices

/// A test backend that answers only by streaming: `complete` folds its own stream, as a
/// caller of `stream` would.
public protocol StreamOnlyBackend: ModelBackend {}

extension StreamOnlyBackend {
    public func complete(_ request: ModelRequest, deadline: ContinuousClock.Instant?) async throws -> ModelResult {
        var accumulator = ModelStreamAccumulator()
        for try await event in stream(request, deadline: deadline) { accumulator.add(event) }
        return accumulator.partialResult(stopReason: .cancelled)
    }
}
