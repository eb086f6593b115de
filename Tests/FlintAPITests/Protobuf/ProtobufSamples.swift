import FlintAPI

/// Values of every bridged message, for tests that run over all of them.
enum ProtobufSamples {
    static let allTypes: [any ProtobufMessage.Type] = [
        Settings.self, RequestHeaders.self, ResponseHeaders.self, RateLimitState.self,
        RPCStatus.self, StatusDetail.self, QuotaFailure.self, FieldViolation.self,
        ErrorInfo.self, GoAway.self, HealthCheckRequest.self, HealthCheckResponse.self,
        ImagePart.self, Subtask.self,
    ]

    /// Every bridged message with all its fields set, strings beyond ASCII included.
    static let full: [any ProtobufMessage] = [
        Settings(
            maxFrameSize: 1 << 20, maxConcurrentStreams: 100, serverVersion: "flint/0.1.0",
            clientVersion: "apiclient/0.1.0"),
        RequestHeaders(
            method: "/flint.v1.Inference/Complete", authorization: "Bearer flint_abc_def",
            requestID: "req-ü-1", timeoutMs: 30_000, idempotencyKey: "idem-1",
            userAgent: "apiclient/0.1.0", metadata: ["trace-id": "t-1", "lang": "日本語"]),
        ResponseHeaders(
            requestID: "req-1", requests: rateLimit, tokens: RateLimitState(limit: 90_000),
            metadata: ["server": "flint"]),
        rateLimit,
        status,
        StatusDetail.errorInfo(ErrorInfo(reason: "MODEL_NOT_FOUND", metadata: ["model": "x"])),
        quotaFailure,
        FieldViolation(field: "messages[0].parts[1].image.media_type", description: "unsupported"),
        ErrorInfo(reason: "FRAME_TOO_LARGE", metadata: ["limit": "16384", "emoji": "🚀"]),
        GoAway(lastStreamID: 41, code: .unavailable, reason: "server shutting down"),
        HealthCheckRequest(service: "flint.v1.Inference"),
        HealthCheckResponse(status: .serving, serverVersion: "flint/0.1.0"),
        ImagePart(data: [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0x00], mediaType: "image/png"),
        Subtask(id: "t3", description: "summarise t1 and t2", dependsOn: ["t1", "", "t2"]),
    ]

    static let rateLimit = RateLimitState(limit: 600, remaining: 599, resetMs: 100)

    static let quotaFailure = QuotaFailure(
        scope: .partner, limit: .tokensPerMinute, limitValue: .max, retryable: true)

    static let status = RPCStatus(
        code: .resourceExhausted, message: "token quota exceeded — wait", requestID: "req-2",
        retryAfterMs: 1_250,
        details: [
            .quotaFailure(quotaFailure),
            .fieldViolation(FieldViolation(field: "max_tokens", description: "too large")),
            .errorInfo(ErrorInfo(reason: "QUOTA", metadata: ["a": "1", "b": "2"])),
        ])
}

/// What decoding some bytes gave.
enum DecodeOutcome<T> {
    case value(T)
    case error(ProtobufError)
}

func decode<T: ProtobufMessage>(_ type: T.Type, _ bytes: [UInt8]) -> DecodeOutcome<T> {
    do {
        return .value(try T(protobufBytes: bytes))
    } catch {
        return .error(error)
    }
}

/// Decodes `bytes` as `type`, for inputs where a value and a ProtobufError are both fine;
/// what matters is that nothing crashes (typed throws rule out any other error).
func decodeAnything(_ type: any ProtobufMessage.Type, _ bytes: [UInt8]) {
    _ = decodeError(type, bytes)
}

/// The error decoding `bytes` as `type` throws; nil when it decodes.
func decodeError<T: ProtobufMessage>(_ type: T.Type, _ bytes: [UInt8]) -> ProtobufError? {
    guard case .error(let error) = decode(type, bytes) else { return nil }
    return error
}

func decodesBack<T: ProtobufMessage>(_ value: T) throws -> Bool {
    try T(protobufBytes: value.protobufBytes()) == value
}
