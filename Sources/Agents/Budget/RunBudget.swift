import Synchronization
import FlintAPI

/// The one place an agent run's budgets are kept, and so the one place that makes them
/// hard. Every model call of the run reserves its prompt estimate + output tokens here
/// before it starts and settles here when it ends; every server tool run is counted here
/// before it runs. Under one lock: `used + reserved <= tokens` always, model calls never
/// pass `maxModelCalls`, tool runs never pass `maxToolCalls`.
///
/// A share is kept back for the synthesis: work calls (coordinator, sub-agents) may not
/// touch the last `synthesisTokens` tokens nor the last model call.
public final class RunBudget: Sendable {
    /// Who asks: the synthesis may use what is kept back for it.
    public enum Purpose: Sendable {
        case work
        case synthesis
    }

    /// One reserved model call, settled exactly once.
    public struct Grant: Sendable, Equatable {
        public var tokens: UInt64
        /// The output tokens the call may produce.
        public var maxTokens: Int
    }

    public struct Limits: Sendable, Equatable {
        public var tokens: UInt64
        public var modelCalls: UInt32
        public var toolCalls: UInt32
        /// Tokens only the synthesis may reserve.
        public var synthesisTokens: UInt64
        /// Fewer output tokens than this fitting: the call is not made.
        public var minOutputTokens: Int
    }

    /// Which budget ran out first.
    public enum Exhaustion: String, Sendable {
        case tokens, modelCalls = "model calls", toolCalls = "tool calls", wallClock = "wall-clock"
    }

    private struct State {
        var reserved: UInt64 = 0
        var inputTokens: UInt64 = 0
        var outputTokens: UInt64 = 0
        var modelCalls: UInt32 = 0
        var toolCalls: UInt32 = 0
        var openGrants = 0
        var exhausted: Exhaustion?
    }

    public let limits: Limits
    private let clock: @Sendable () -> Duration
    private let state = Mutex(State())
    private let changes: AsyncStream<Void>.Continuation
    /// Wakes (coalesced, newest only) whenever a reservation is taken or settled.
    public let changed: AsyncStream<Void>

    public init(limits: Limits, elapsed: @escaping @Sendable () -> Duration) {
        self.limits = limits
        self.clock = elapsed
        (changed, changes) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Reserves one model call of `promptTokens` (the prompt's estimate, never below its
    /// real count) and up to `maxTokens` output tokens, clipped to what is left; throws
    /// RESOURCE_EXHAUSTED (reason RUN_BUDGET_EXHAUSTED) when the call cannot fit.
    public func reserve(promptTokens: UInt64, maxTokens: Int, for purpose: Purpose) throws(RPCError) -> Grant {
        let result = state.withLock { state -> Result<Grant, RPCError> in
            if let exhausted = state.exhausted, exhausted == .wallClock { return .failure(Self.exhaustion(exhausted)) }
            let callLimit = purpose == .synthesis ? limits.modelCalls : max(limits.modelCalls, 1) - 1
            guard state.modelCalls < callLimit else { return .failure(Self.exhaust(&state, .modelCalls)) }
            let spent = state.inputTokens + state.outputTokens + state.reserved
            let kept = purpose == .synthesis ? 0 : limits.synthesisTokens
            let available = limits.tokens > spent + kept ? limits.tokens - spent - kept : 0
            let wanted = max(0, maxTokens)
            guard available >= promptTokens + UInt64(min(wanted, limits.minOutputTokens)), wanted > 0 else {
                return .failure(Self.exhaust(&state, .tokens))
            }
            let granted = Int(min(UInt64(wanted), available - promptTokens))
            state.reserved += promptTokens + UInt64(granted)
            state.modelCalls += 1
            state.openGrants += 1
            return .success(Grant(tokens: promptTokens + UInt64(granted), maxTokens: granted))
        }
        changes.yield()
        return try result.get()
    }

    /// Ends a reserved call with the tokens it used.
    public func settle(_ grant: Grant, inputTokens: UInt64, outputTokens: UInt64) {
        state.withLock { state in
            state.reserved -= grant.tokens
            state.openGrants -= 1
            state.inputTokens += inputTokens
            state.outputTokens += outputTokens
        }
        changes.yield()
    }

    /// Counts `count` server tool runs before they run; throws when they do not fit.
    public func countToolRuns(_ count: Int) throws(RPCError) {
        let result = state.withLock { state -> RPCError? in
            if let exhausted = state.exhausted, exhausted == .wallClock { return Self.exhaustion(exhausted) }
            guard state.toolCalls + UInt32(count) <= limits.toolCalls else { return Self.exhaust(&state, .toolCalls) }
            state.toolCalls += UInt32(count)
            return nil
        }
        changes.yield()
        if let result { throw result }
    }

    /// The wall-clock budget is spent: no call or tool run starts from now on.
    public func expireWallClock() {
        state.withLock { $0.exhausted = .wallClock }
        changes.yield()
    }

    /// Which budget ran out first, if any did.
    public var exhaustion: Exhaustion? { state.withLock { $0.exhausted } }

    /// Reservations not settled yet.
    public var openGrants: Int { state.withLock { $0.openGrants } }

    /// The run's usage so far: settled calls only.
    public var usage: Usage {
        state.withLock { Usage(inputTokens: $0.inputTokens, outputTokens: $0.outputTokens, modelCalls: UInt64($0.modelCalls), toolCalls: UInt64($0.toolCalls)) }
    }

    /// Time since the run started.
    public var elapsed: Duration { clock() }

    public var update: BudgetUpdate {
        let elapsed = clock()
        return state.withLock { state in
            BudgetUpdate(
                tokensBudget: limits.tokens, tokensReserved: state.reserved, tokensUsed: state.inputTokens + state.outputTokens,
                modelCalls: UInt64(state.modelCalls), toolCalls: UInt64(state.toolCalls),
                elapsedMs: UInt64(max(0, elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)))
        }
    }

    /// No more wake-ups: the run is over.
    public func close() {
        changes.finish()
    }

    private static func exhaust(_ state: inout State, _ kind: Exhaustion) -> RPCError {
        if state.exhausted == nil { state.exhausted = kind }
        return exhaustion(kind)
    }

    static let exhaustedReason = "RUN_BUDGET_EXHAUSTED"

    static func exhaustion(_ kind: Exhaustion) -> RPCError {
        RPCError(
            .resourceExhausted, "the run's \(kind.rawValue) budget is spent",
            details: [.errorInfo(ErrorInfo(reason: exhaustedReason, metadata: ["budget": kind.rawValue]))])
    }

    /// True for the error ``reserve(promptTokens:maxTokens:for:)`` and ``countToolRuns(_:)`` throw.
    public static func isExhaustion(_ error: any Error) -> Bool {
        guard let error = error as? RPCError else { return false }
        return error.details.contains { detail in
            if case .errorInfo(let info) = detail { return info.reason == exhaustedReason }
            return false
        }
    }
}
