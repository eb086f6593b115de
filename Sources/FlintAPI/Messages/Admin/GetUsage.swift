/// The input of `/flint.v1.Admin/GetUsage`, which reads the usage ledger summed over
/// groups (proto `flint.v1.GetUsageRequest`). Times are Unix milliseconds (UTC).
public struct GetUsageRequest: Sendable, Equatable {
    /// Only this partner's calls. Empty: every partner.
    public var partner: String
    /// Calls that started at or after this time. 0: from the beginning.
    public var sinceMs: Int64
    /// Calls that started before this time. 0: until now.
    public var untilMs: Int64
    /// Groups to split by, combined: `[.day, .model]` gives one row per day and model.
    /// Empty: a single row with the totals.
    public var groupBy: [UsageGroupBy]
    /// Only this key's calls. Empty: every key.
    public var keyID: String

    public init(
        partner: String = "",
        sinceMs: Int64 = 0,
        untilMs: Int64 = 0,
        groupBy: [UsageGroupBy] = [],
        keyID: String = ""
    ) {
        self.partner = partner
        self.sinceMs = sinceMs
        self.untilMs = untilMs
        self.groupBy = groupBy
        self.keyID = keyID
    }
}

/// A way to split usage into rows (proto enum `flint.v1.UsageGroupBy`; open, unknown
/// values survive a round trip).
public struct UsageGroupBy: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Not set: rejected with INVALID_ARGUMENT.
    public static let unspecified = UsageGroupBy(rawValue: 0)
    /// One row per UTC day.
    public static let day = UsageGroupBy(rawValue: 1)
    /// One row per model.
    public static let model = UsageGroupBy(rawValue: 2)
    /// One row per key.
    public static let key = UsageGroupBy(rawValue: 3)
    /// One row per partner.
    public static let partner = UsageGroupBy(rawValue: 4)
    /// One row per method ("/flint.v1.Inference/Complete", ...).
    public static let method = UsageGroupBy(rawValue: 5)
    /// One row per agent run, by run id.
    public static let run = UsageGroupBy(rawValue: 6)
    /// One row per part of an agent run: "plan", a subtask id, "synthesis" ("" for the call itself).
    public static let runPart = UsageGroupBy(rawValue: 7)
}

/// The answer of `/flint.v1.Admin/GetUsage` (proto `flint.v1.GetUsageResponse`).
public struct GetUsageResponse: Sendable, Equatable {
    /// Ordered by the grouping fields, in the order of `groupBy`.
    public var rows: [UsageRow]
    /// Calls after this time may be missing from the ledger yet (writes are batched).
    public var completeUntilMs: Int64

    public init(rows: [UsageRow] = [], completeUntilMs: Int64 = 0) {
        self.rows = rows
        self.completeUntilMs = completeUntilMs
    }
}

/// Usage summed over one group (proto `flint.v1.UsageRow`). A grouping field is set only
/// when the request grouped by it.
public struct UsageRow: Sendable, Equatable {
    /// Start of the UTC day (with `.day`).
    public var dayStartMs: Int64
    /// With `.model`.
    public var model: String
    /// With `.key`.
    public var keyID: String
    /// With `.partner`.
    public var partner: String
    /// With `.method`.
    public var method: String
    /// Calls made.
    public var requests: UInt64
    /// Calls that ended with a status other than OK.
    public var failedRequests: UInt64
    /// Prompt tokens the model read.
    public var inputTokens: UInt64
    /// Tokens the model generated, reasoning included.
    public var outputTokens: UInt64
    /// With `.run`.
    public var runID: String
    /// With `.runPart`.
    public var runPart: String

    public init(
        dayStartMs: Int64 = 0,
        model: String = "",
        keyID: String = "",
        partner: String = "",
        method: String = "",
        requests: UInt64 = 0,
        failedRequests: UInt64 = 0,
        inputTokens: UInt64 = 0,
        outputTokens: UInt64 = 0,
        runID: String = "",
        runPart: String = ""
    ) {
        self.dayStartMs = dayStartMs
        self.model = model
        self.keyID = keyID
        self.partner = partner
        self.method = method
        self.requests = requests
        self.failedRequests = failedRequests
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.runID = runID
        self.runPart = runPart
    }
}
