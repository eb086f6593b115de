/// A quota limit that cannot be configured, naming the offending field
/// (`requests.burst`, `tokens.perMinute`, `concurrentStreams`, `dailyTokens`, ...).
///
/// The ``code`` is extensible: new codes never break callers.
public struct QuotaLimitsError: Error, Hashable, Sendable {
    /// What is wrong with the value. Compare with the static constants.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        public var description: String { self.name }

        /// The value is zero where zero means nothing (a rate, a cap).
        public static let mustBePositive = Code("mustBePositive")
        /// The value is above the sane maximum.
        public static let tooLarge = Code("tooLarge")
        /// The value contradicts another (a burst of 0 with a positive rate).
        public static let inconsistent = Code("inconsistent")
    }

    /// What is wrong.
    public var code: Code
    /// The field, as a dotted path within ``QuotaLimits``.
    public var field: String
    /// A human-readable explanation.
    public var message: String

    public init(code: Code, field: String, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }
}

extension QuotaLimitsError: CustomStringConvertible {
    public var description: String {
        "QuotaLimitsError.\(self.code): \(self.field): \(self.message)"
    }
}
