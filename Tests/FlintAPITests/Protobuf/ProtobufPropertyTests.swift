import FlintTestSupport
import Testing
import FlintAPI

/// Random values of every bridged message round-trip, and encode canonically.
@Suite struct ProtobufPropertyTests {
    @Test(
        "random values round-trip and re-encode to the same bytes",
        arguments: [1, 2, 3, 0xF1_1A7] as [UInt64])
    func randomRoundTrips(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            for value in randomValues(&random) {
                try expectCanonicalRoundTrip(value)
            }
        }
    }

    private func expectCanonicalRoundTrip<T: ProtobufMessage>(_ value: T) throws {
        let bytes = value.protobufBytes()
        let decoded = try T(protobufBytes: bytes)
        #expect(decoded == value)
        #expect(decoded.protobufBytes() == bytes)
    }

    private func randomValues(_ random: inout SeededGenerator) -> [any ProtobufMessage] {
        [
            Settings(
                maxFrameSize: random.uint32(), maxConcurrentStreams: random.uint32(),
                serverVersion: random.unicodeString(), clientVersion: random.unicodeString()),
            RequestHeaders(
                method: random.unicodeString(), authorization: random.unicodeString(),
                requestID: random.unicodeString(), timeoutMs: random.uint32(),
                idempotencyKey: random.unicodeString(), userAgent: random.unicodeString(),
                metadata: random.stringMap()),
            ResponseHeaders(
                requestID: random.unicodeString(), requests: rateLimit(&random),
                tokens: rateLimit(&random), metadata: random.stringMap()),
            RPCStatus(
                code: StatusCode(rawValue: random.uint32()), message: random.unicodeString(),
                requestID: random.unicodeString(), retryAfterMs: random.uint32(),
                details: (0..<Int.random(in: 0...5, using: &random)).map { _ in detail(&random) }),
            GoAway(
                lastStreamID: random.uint32(), code: StatusCode(rawValue: random.uint32()),
                reason: random.unicodeString()),
            HealthCheckRequest(service: random.unicodeString()),
            HealthCheckResponse(
                status: .init(rawValue: random.uint32()), serverVersion: random.unicodeString()),
            ImagePart(
                data: random.bytes(count: Int.random(in: 0...300, using: &random)),
                mediaType: random.unicodeString()),
            Subtask(
                id: random.unicodeString(), description: random.unicodeString(),
                dependsOn: (0..<Int.random(in: 0...4, using: &random)).map { _ in
                    random.unicodeString()
                }),
        ]
    }

    private func rateLimit(_ random: inout SeededGenerator) -> RateLimitState? {
        guard random.bool() else { return nil }
        return RateLimitState(
            limit: random.uint64(), remaining: random.uint64(), resetMs: random.uint64())
    }

    private func detail(_ random: inout SeededGenerator) -> StatusDetail {
        switch Int.random(in: 0..<3, using: &random) {
        case 0:
            .quotaFailure(
                QuotaFailure(
                    scope: QuotaScope(rawValue: random.uint32()),
                    limit: QuotaLimit(rawValue: random.uint32()),
                    limitValue: random.uint64(), retryable: random.bool()))
        case 1:
            .fieldViolation(
                FieldViolation(field: random.unicodeString(), description: random.unicodeString()))
        default:
            .errorInfo(ErrorInfo(reason: random.unicodeString(), metadata: random.stringMap()))
        }
    }
}
