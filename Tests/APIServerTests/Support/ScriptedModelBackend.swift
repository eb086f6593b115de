import ModelServices
import Synchronization

/// An in-process model backend that fails or streams as a test tells it, and counts how
/// many stream events the server actually pulled and how many streams it let go of.
final class ScriptedModelBackend: ModelBackend, Sendable {
    enum Script: Sendable {
        case fail(ModelServiceError)
        /// Produces deltas only as the consumer asks for them, up to `count`.
        case endless(count: Int)
    }

    let script: Script
    private let pulled = Atomic<Int>(0)
    fileprivate let released = Atomic<Int>(0)

    init(_ script: Script) {
        self.script = script
    }

    var pulledEvents: Int { pulled.load(ordering: .relaxed) }
    /// Streams the server has dropped (finished, failed or abandoned with its call).
    var releasedStreams: Int { released.load(ordering: .relaxed) }

    var models: [ModelDescriptor] {
        [ModelDescriptor(name: "scripted", contextLength: 1_000_000, maxOutputTokens: 500_000, capabilities: ModelCapabilities(), isDefault: true)]
    }

    func complete(_ request: ModelRequest, deadline: ContinuousClock.Instant?) async throws -> ModelResult {
        if case .fail(let error) = script { throw error }
        return ModelResult(text: "ok", stopReason: .end, usage: ModelUsage(promptTokens: 1, completionTokens: 1))
    }

    func stream(_ request: ModelRequest, deadline: ContinuousClock.Instant?) -> AsyncThrowingStream<ModelEvent, any Error> {
        let script = self.script
        let backend = self
        let lifetime = StreamLifetime(backend: self)
        return AsyncThrowingStream(unfolding: {
            withExtendedLifetime(lifetime) {}
            switch script {
            case .fail(let error):
                throw error
            case .endless(let count):
                let produced = backend.pulled.add(1, ordering: .relaxed).newValue
                guard produced <= count else { return nil }
                return .textDelta(String(repeating: "x", count: 4096), usageSoFar: ModelUsage(promptTokens: 1, completionTokens: produced))
            }
        })
    }

    func countTokens(_ text: String, model: String?) async throws -> Int {
        if case .fail(let error) = script { throw error }
        return text.utf8.count
    }

    func health(model: String?) async -> Bool { true }
}

/// Counts a stream as released when the server drops its last reference to it.
private final class StreamLifetime: Sendable {
    let backend: ScriptedModelBackend

    init(backend: ScriptedModelBackend) {
        self.backend = backend
    }

    deinit {
        backend.released.add(1, ordering: .relaxed)
    }
}
