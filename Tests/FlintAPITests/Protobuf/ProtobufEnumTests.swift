import Testing
import FlintAPI

@Suite struct ProtobufEnumTests {
    @Test("status codes carry gRPC's numbers and describe themselves by proto name")
    func statusCodeNames() {
        let codes: [(StatusCode, UInt32, String)] = [
            (.ok, 0, "OK"), (.cancelled, 1, "CANCELLED"), (.unknown, 2, "UNKNOWN"),
            (.invalidArgument, 3, "INVALID_ARGUMENT"), (.deadlineExceeded, 4, "DEADLINE_EXCEEDED"),
            (.notFound, 5, "NOT_FOUND"), (.alreadyExists, 6, "ALREADY_EXISTS"),
            (.permissionDenied, 7, "PERMISSION_DENIED"),
            (.resourceExhausted, 8, "RESOURCE_EXHAUSTED"),
            (.failedPrecondition, 9, "FAILED_PRECONDITION"), (.aborted, 10, "ABORTED"),
            (.outOfRange, 11, "OUT_OF_RANGE"), (.unimplemented, 12, "UNIMPLEMENTED"),
            (.internalError, 13, "INTERNAL"), (.unavailable, 14, "UNAVAILABLE"),
            (.dataLoss, 15, "DATA_LOSS"), (.unauthenticated, 16, "UNAUTHENTICATED"),
        ]
        for (code, raw, name) in codes {
            #expect(code.rawValue == raw)
            #expect(code.description == name)
        }
        #expect(StatusCode(rawValue: 99).description == "StatusCode(99)")
    }

    @Test("the other open enums describe themselves by proto name")
    func otherEnumNames() {
        #expect(QuotaScope.partner.description == "QUOTA_SCOPE_PARTNER")
        #expect(QuotaLimit.dailyTokens.description == "QUOTA_LIMIT_DAILY_TOKENS")
        #expect(HealthCheckResponse.ServingStatus.serviceUnknown.description == "SERVICE_UNKNOWN")
        #expect(QuotaLimit(rawValue: 7).description == "QuotaLimit(7)")
    }
}
