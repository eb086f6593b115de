import APIServer
import ArgumentParser
import Auth

/// The server's quota defaults for keys, as flags and environment variables.
struct QuotaDefaultOptions: ParsableArguments {
    @Option(name: .customLong("default-rpm"), help: "Requests per minute. [env: FLINT_DEFAULT_RPM] (default: 600)")
    var rpm: Int64?

    @Option(name: .customLong("default-rpm-burst"), help: "Request burst. [env: FLINT_DEFAULT_RPM_BURST] (default: the rpm)")
    var rpmBurst: Int64?

    @Option(name: .customLong("default-tpm"), help: "Model tokens per minute. [env: FLINT_DEFAULT_TPM] (default: 1000000)")
    var tpm: Int64?

    @Option(name: .customLong("default-tpm-burst"), help: "Token burst. [env: FLINT_DEFAULT_TPM_BURST] (default: the tpm)")
    var tpmBurst: Int64?

    @Option(name: .customLong("default-max-streams"), help: "Concurrent streams per key. [env: FLINT_DEFAULT_MAX_STREAMS] (default: 64)")
    var maxStreams: Int64?

    @Option(name: .customLong("default-daily-tokens"), help: "Tokens per UTC day; unset means no cap. [env: FLINT_DEFAULT_DAILY_TOKENS]")
    var dailyTokens: Int64?

    /// `defaults` with every given flag (or variable) applied, validated as the limiter will use it.
    func resolve(over defaults: Auth.Quota, environment: [String: String]) throws -> Auth.Quota {
        func value(_ flag: Int64?, _ variable: String, _ name: String) throws -> Int64? {
            guard let text = flag.map(String.init) ?? environment[variable].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
            guard let number = Int64(text), number > 0 else { throw ValidationError("\(name) must be a positive whole number, got '\(text)'") }
            return number
        }
        var quota = defaults
        if let rpm = try value(rpm, "FLINT_DEFAULT_RPM", "--default-rpm") {
            quota.requestsPerMinute = rpm
            quota.requestBurst = rpm
        }
        quota.requestBurst = try value(rpmBurst, "FLINT_DEFAULT_RPM_BURST", "--default-rpm-burst") ?? quota.requestBurst
        if let tpm = try value(tpm, "FLINT_DEFAULT_TPM", "--default-tpm") {
            quota.tokensPerMinute = tpm
            quota.tokenBurst = tpm
        }
        quota.tokenBurst = try value(tpmBurst, "FLINT_DEFAULT_TPM_BURST", "--default-tpm-burst") ?? quota.tokenBurst
        quota.maxConcurrentStreams = try value(maxStreams, "FLINT_DEFAULT_MAX_STREAMS", "--default-max-streams") ?? quota.maxConcurrentStreams
        quota.dailyTokens = try value(dailyTokens, "FLINT_DEFAULT_DAILY_TOKENS", "--default-daily-tokens") ?? quota.dailyTokens
        do {
            _ = try QuotaPolicy(keyDefaults: quota).keyLimits(Auth.Quota())
        } catch {
            throw ValidationError("invalid quota defaults: \(error.message)")
        }
        return quota
    }
}
