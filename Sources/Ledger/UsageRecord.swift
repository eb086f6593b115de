/// One finished call, as the usage ledger keeps it.
public struct UsageRecord: Hashable, Sendable {
    /// When the call finished, Unix milliseconds.
    public var finishedAtMs: Int64
    public var keyID: String
    public var partner: String
    /// "/flint.v1.Inference/Complete", say.
    public var method: String
    /// Empty for calls that use no model.
    public var model: String
    public var inputTokens: UInt64
    public var outputTokens: UInt64
    /// The wire status code the call ended with.
    public var statusCode: UInt32
    public var latencyMs: Int64
    /// True when the call was cut short (cancelled, disconnected, backend died) and only
    /// the tokens produced so far were billed.
    public var partial: Bool
    /// The agent run the record belongs to; empty for other calls.
    public var runID: String
    /// Of a run: "" for the call itself (it counts as the request, with no tokens), else
    /// the part whose tokens this is ("plan", a subtask id, "synthesis").
    public var runPart: String

    public init(
        finishedAtMs: Int64, keyID: String, partner: String, method: String, model: String = "",
        inputTokens: UInt64 = 0, outputTokens: UInt64 = 0, statusCode: UInt32, latencyMs: Int64, partial: Bool = false,
        runID: String = "", runPart: String = ""
    ) {
        self.finishedAtMs = finishedAtMs
        self.keyID = keyID
        self.partner = partner
        self.method = method
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.statusCode = statusCode
        self.latencyMs = latencyMs
        self.partial = partial
        self.runID = runID
        self.runPart = runPart
    }
}

/// Which rows GetUsage adds up, and by what.
public struct UsageQuery: Hashable, Sendable {
    public enum Grouping: String, CaseIterable, Sendable {
        case day, model, key, partner, method, run, runPart
    }

    /// Empty: every partner.
    public var partner: String
    /// Empty: every key.
    public var keyID: String
    /// Inclusive lower bound, Unix ms.
    public var sinceMs: Int64
    /// Exclusive upper bound, Unix ms; 0 means now.
    public var untilMs: Int64
    public var groupBy: [Grouping]

    public init(partner: String = "", keyID: String = "", sinceMs: Int64 = 0, untilMs: Int64 = 0, groupBy: [Grouping] = [.day]) {
        self.partner = partner
        self.keyID = keyID
        self.sinceMs = sinceMs
        self.untilMs = untilMs
        self.groupBy = groupBy
    }
}

/// One group of GetUsage's answer. Fields not grouped by are empty / 0.
public struct UsageTotals: Hashable, Sendable {
    public var dayStartMs: Int64 = 0
    public var model = ""
    public var keyID = ""
    public var partner = ""
    public var method = ""
    public var runID = ""
    public var runPart = ""
    public var requests: UInt64 = 0
    public var failedRequests: UInt64 = 0
    public var inputTokens: UInt64 = 0
    public var outputTokens: UInt64 = 0

    public init() {}
}
