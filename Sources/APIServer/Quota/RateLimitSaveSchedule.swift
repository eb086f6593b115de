import Timing

/// When the rate limiter's state is saved: every `interval` (10 s), and also within a second
/// of any denial, so a bucket driven to its limit survives a crash that follows within a
/// second or more (not only the next regular save). Under a stream of denials that is one
/// save a second, never more. A value, asked once a second with the time and the limiter's
/// denial count.
struct RateLimitSaveSchedule: Sendable {
    let intervalMs: Int64
    /// The least time between two saves.
    static let minimumSpacingMs: Int64 = 1_000

    private var lastSaveMs: Int64
    private var denialsAtLastSave: UInt64

    init(interval: Duration, startedAtMs: Int64, denials: UInt64) {
        self.intervalMs = interval.wholeMilliseconds
        self.lastSaveMs = startedAtMs
        self.denialsAtLastSave = denials
    }

    /// Whether to save now; if so, counts it as done.
    mutating func shouldSave(atMs now: Int64, denials: UInt64) -> Bool {
        let elapsed = now - lastSaveMs
        let due = elapsed >= intervalMs || (denials != denialsAtLastSave && elapsed >= Self.minimumSpacingMs)
        guard due else { return false }
        lastSaveMs = now
        denialsAtLastSave = denials
        return true
    }
}
