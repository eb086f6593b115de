import ArgumentParser
import FlintAPI

/// The quota flags of `keys issue` and `keys set-quota`. A flag left out is 0 on the wire,
/// which means "use the default": for a key, its partner's value; for a partner, the
/// server's.
struct QuotaOptions: ParsableArguments {
    @Option(
        name: .customLong("rpm"), parsing: .unconditional,
        help: ArgumentHelp("Requests per minute (refill rate of the request bucket).", valueName: "n"),
        transform: PositiveCount.parse)
    var requestsPerMinute: UInt64?

    @Option(
        name: .customLong("rpm-burst"), parsing: .unconditional,
        help: ArgumentHelp("Requests allowed at once after a quiet spell (request bucket size).", valueName: "n"),
        transform: PositiveCount.parse)
    var requestBurst: UInt64?

    @Option(
        name: .customLong("tpm"), parsing: .unconditional,
        help: ArgumentHelp("Model tokens (input + output) per minute.", valueName: "n"),
        transform: PositiveCount.parse)
    var tokensPerMinute: UInt64?

    @Option(
        name: .customLong("tpm-burst"), parsing: .unconditional,
        help: ArgumentHelp("Model-token bucket size; a call needs prompt + max_tokens in it.", valueName: "n"),
        transform: PositiveCount.parse)
    var tokenBurst: UInt64?

    @Option(
        name: .customLong("max-streams"), parsing: .unconditional,
        help: ArgumentHelp("Calls in progress at once.", valueName: "n"),
        transform: PositiveCount.parse)
    var maxConcurrentStreams: UInt64?

    @Option(
        name: .customLong("daily-tokens"), parsing: .unconditional,
        help: ArgumentHelp("Model tokens per UTC day.", valueName: "n"),
        transform: PositiveCount.parse)
    var dailyTokens: UInt64?

    /// Whether no quota flag was given.
    var isEmpty: Bool { quota == Quota() }

    /// The quota the flags give, 0 for every flag left out.
    var quota: Quota {
        Quota(
            requestsPerMinute: requestsPerMinute ?? 0,
            requestBurst: requestBurst ?? 0,
            tokensPerMinute: tokensPerMinute ?? 0,
            tokenBurst: tokenBurst ?? 0,
            maxConcurrentStreams: maxConcurrentStreams ?? 0,
            dailyTokens: dailyTokens ?? 0
        )
    }
}
