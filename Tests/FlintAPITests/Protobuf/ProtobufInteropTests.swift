import Testing
import FlintAPI

/// Byte vectors written by hand from the protobuf encoding spec, so the bridge agrees
/// with every other protobuf implementation, not just with itself.
@Suite struct ProtobufInteropTests {
    private static func text(_ string: String) -> [UInt8] { Array(string.utf8) }

    /// RequestHeaders { method: "/flint.v1.Health/Check", request_id: "r-1",
    /// timeout_ms: 1500, metadata: { "a": "1", "b": "2" } }
    private static let requestHeaders: [UInt8] =
        [0x0A, 0x16] + text("/flint.v1.Health/Check")
        + [0x1A, 0x03] + text("r-1")
        + [0x20, 0xDC, 0x0B]
        + [0x3A, 0x06, 0x0A, 0x01] + text("a") + [0x12, 0x01] + text("1")
        + [0x3A, 0x06, 0x0A, 0x01] + text("b") + [0x12, 0x01] + text("2")

    private static let expectedHeaders = RequestHeaders(
        method: "/flint.v1.Health/Check", requestID: "r-1", timeoutMs: 1500,
        metadata: ["a": "1", "b": "2"])

    @Test("hand-encoded RequestHeaders decode, and encode back to the same bytes")
    func requestHeaders() throws {
        #expect(try RequestHeaders(protobufBytes: Self.requestHeaders) == Self.expectedHeaders)
        #expect(Self.expectedHeaders.protobufBytes() == Self.requestHeaders)
    }

    @Test("fields in any order, unknown fields, and a repeated map key (last wins)")
    func toleratedVariations() throws {
        let bytes: [UInt8] =
            [0x3A, 0x06, 0x0A, 0x01] + Self.text("b") + [0x12, 0x01] + Self.text("x")
            + [0x20, 0xDC, 0x0B]
            + [0x78, 0x2A]  // field 15, varint 42: unknown
            + [0x82, 0x01, 0x02, 0x68, 0x69]  // field 16, length-delimited: unknown
            + Array(Self.requestHeaders)
        #expect(try RequestHeaders(protobufBytes: bytes) == Self.expectedHeaders)
    }

    /// Status { code: RESOURCE_EXHAUSTED, message: "slow down", retry_after_ms: 250,
    /// details: [ { quota_failure: { scope: KEY, limit: TOKENS_PER_MINUTE,
    /// limit_value: 1000, retryable: true } } ] }
    private static let status: [UInt8] =
        [0x08, 0x08]
        + [0x12, 0x09] + text("slow down")
        + [0x20, 0xFA, 0x01]
        + [0x2A, 0x0B, 0x0A, 0x09, 0x08, 0x01, 0x10, 0x02, 0x18, 0xE8, 0x07, 0x20, 0x01]

    private static let expectedStatus = RPCStatus(
        code: .resourceExhausted, message: "slow down", retryAfterMs: 250,
        details: [
            .quotaFailure(
                QuotaFailure(
                    scope: .key, limit: .tokensPerMinute, limitValue: 1000, retryable: true))
        ])

    @Test("hand-encoded Status decodes, and encodes back to the same bytes")
    func status() throws {
        #expect(try RPCStatus(protobufBytes: Self.status) == Self.expectedStatus)
        #expect(Self.expectedStatus.protobufBytes() == Self.status)
    }

    @Test("a detail of a kind this build does not know is skipped")
    func unknownDetailKind() throws {
        // details: [ { field 9 (a future kind): {} } ] before the known one.
        let bytes = [0x2A, 0x02, 0x4A, 0x00] + Self.status
        #expect(try RPCStatus(protobufBytes: bytes) == Self.expectedStatus)
    }

    @Test("bytes keep NULs and high bytes; repeated strings keep order and empties")
    func bytesAndRepeatedStrings() throws {
        // ImagePart { data: 00 FF 0A, media_type: "image/png" }
        let image: [UInt8] = [0x0A, 0x03, 0x00, 0xFF, 0x0A, 0x12, 0x09] + Self.text("image/png")
        let expectedImage = ImagePart(data: [0x00, 0xFF, 0x0A], mediaType: "image/png")
        #expect(try ImagePart(protobufBytes: image) == expectedImage)
        #expect(expectedImage.protobufBytes() == image)
        // Subtask { id: "t2", depends_on: ["t1", "", "t0"] }
        let subtask: [UInt8] =
            [0x0A, 0x02] + Self.text("t2") + [0x1A, 0x02] + Self.text("t1") + [0x1A, 0x00]
            + [0x1A, 0x02] + Self.text("t0")
        let expectedSubtask = Subtask(id: "t2", dependsOn: ["t1", "", "t0"])
        #expect(try Subtask(protobufBytes: subtask) == expectedSubtask)
        #expect(expectedSubtask.protobufBytes() == subtask)
    }

    @Test("an enum value this build does not know survives decoding and encoding")
    func unknownStatusCode() throws {
        let bytes: [UInt8] = [0x08, 0x63]  // code: 99
        let status = try RPCStatus(protobufBytes: bytes)
        #expect(status.code.rawValue == 99)
        #expect(status.protobufBytes() == bytes)
        let goAway = GoAway(code: StatusCode(rawValue: .max))
        #expect(try GoAway(protobufBytes: goAway.protobufBytes()) == goAway)
    }
}
