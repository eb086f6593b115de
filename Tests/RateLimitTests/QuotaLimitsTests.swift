import Testing

@testable import RateLimit

@Suite struct QuotaLimitsTests {
    @Test func validLimitsAreKept() throws {
        let quota = try QuotaLimits(
            requests: BucketLimit(perMinute: 60, burst: 10),
            tokens: BucketLimit(perMinute: 100_000),
            concurrentStreams: 4,
            dailyTokens: 1_000_000
        )
        #expect(quota.requests == BucketLimit(perMinute: 60, burst: 10))
        #expect(quota.tokens == BucketLimit(perMinute: 100_000, burst: 100_000))
        #expect(quota.concurrentStreams == 4)
        #expect(quota.dailyTokens == 1_000_000)
    }

    @Test func unlimitedIsAllUnset() throws {
        #expect(try QuotaLimits() == QuotaLimits.unlimited)
        #expect(QuotaLimits.unlimited.requests == nil)
        #expect(QuotaLimits.unlimited.tokens == nil)
        #expect(QuotaLimits.unlimited.concurrentStreams == nil)
        #expect(QuotaLimits.unlimited.dailyTokens == nil)
    }

    @Test func theLargestValuesAreAccepted() throws {
        let max = QuotaLimits.maxValue
        _ = try QuotaLimits(
            requests: BucketLimit(perMinute: max, burst: max),
            tokens: BucketLimit(perMinute: max, burst: max),
            concurrentStreams: QuotaLimits.maxConcurrentStreams,
            dailyTokens: max
        )
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        var code: QuotaLimitsError.Code
        var field: String
        var requests: BucketLimit? = nil
        var tokens: BucketLimit? = nil
        var streams: UInt64? = nil
        var daily: UInt64? = nil

        var testDescription: String { "\(self.field) \(self.code)" }
    }

    static let invalid: [Invalid] = [
        Invalid(code: .mustBePositive, field: "requests.perMinute", requests: BucketLimit(perMinute: 0, burst: 5)),
        Invalid(code: .inconsistent, field: "requests.burst", requests: BucketLimit(perMinute: 5, burst: 0)),
        Invalid(
            code: .tooLarge, field: "requests.perMinute", requests: BucketLimit(perMinute: 1_000_000_000_001, burst: 1)),
        Invalid(code: .tooLarge, field: "requests.burst", requests: BucketLimit(perMinute: 1, burst: .max)),
        Invalid(code: .mustBePositive, field: "tokens.perMinute", tokens: BucketLimit(perMinute: 0)),
        Invalid(code: .inconsistent, field: "tokens.burst", tokens: BucketLimit(perMinute: 1_000, burst: 0)),
        Invalid(code: .tooLarge, field: "tokens.perMinute", tokens: BucketLimit(perMinute: .max, burst: 1)),
        Invalid(code: .tooLarge, field: "tokens.burst", tokens: BucketLimit(perMinute: 1, burst: 1 << 60)),
        Invalid(code: .mustBePositive, field: "concurrentStreams", streams: 0),
        Invalid(code: .tooLarge, field: "concurrentStreams", streams: 1_000_001),
        Invalid(code: .mustBePositive, field: "dailyTokens", daily: 0),
        Invalid(code: .tooLarge, field: "dailyTokens", daily: .max),
    ]

    @Test(arguments: Self.invalid)
    func invalidValuesAreRejectedNamingTheField(_ invalid: Invalid) {
        do {
            let quota = try QuotaLimits(
                requests: invalid.requests, tokens: invalid.tokens,
                concurrentStreams: invalid.streams, dailyTokens: invalid.daily
            )
            Issue.record("accepted \(quota)")
        } catch {
            #expect(error.code == invalid.code)
            #expect(error.field == invalid.field)
            #expect(String(describing: error).contains(invalid.field))
        }
    }

    @Test func theFirstInvalidFieldIsNamed() {
        #expect(
            throws: QuotaLimitsError(
                code: .inconsistent, field: "requests.burst",
                message: "a burst of 0 with a positive rate admits nothing")
        ) {
            try QuotaLimits(requests: BucketLimit(perMinute: 5, burst: 0), concurrentStreams: 0)
        }
    }
}
