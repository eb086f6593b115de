import Testing
import FlintAPI

/// protobuf-c does not check that string fields hold UTF-8; the bridge does, and names
/// the field (never its value) when they do not.
@Suite struct ProtobufUTF8Tests {
    /// A field of `number` holding `bytes`, length-delimited.
    private func field(_ number: UInt8, _ bytes: [UInt8]) -> [UInt8] {
        [number << 3 | 2, UInt8(bytes.count)] + bytes
    }

    private static let secret = Array("SECRET".utf8)

    @Test(
        "ill-formed UTF-8 in a string field throws .invalidUTF8",
        arguments: [
            [0xC3, 0x28],  // bad continuation byte
            [0xC0, 0xAF],  // overlong "/"
            [0xED, 0xA0, 0x80],  // UTF-16 surrogate
            [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
            [0xE2, 0x82],  // truncated sequence
            [0xFF],
        ] as [[UInt8]])
    func invalidTopLevelString(_ bad: [UInt8]) {
        let error = decodeError(RequestHeaders.self, field(1, Self.secret + bad))
        #expect(error?.code == .invalidUTF8)
        #expect(error?.messageType == "flint.v1.RequestHeaders")
        #expect(error?.fieldPath == "method")
        #expect(error?.message.contains("method") == true)
        #expect(error?.message.contains("SECRET") == false)
    }

    @Test("the error names the nested message and the path to the field")
    func invalidNestedString() {
        // Status { details: [ {}, { error_info: { reason: "SECRET\xFF" } } ] }
        let errorInfo = field(1, Self.secret + [0xFF])
        let detail = field(3, errorInfo)
        let bytes = field(5, []) + field(5, detail)
        let error = decodeError(RPCStatus.self, bytes)
        #expect(error?.code == .invalidUTF8)
        #expect(error?.messageType == "flint.v1.ErrorInfo")
        #expect(error?.fieldPath == "details[1].error_info.reason")
        #expect(error?.message.contains("flint.v1.Status") == true)
        #expect(error?.message.contains("flint.v1.ErrorInfo.reason") == true)
        #expect(error?.message.contains("SECRET") == false)
    }

    @Test("map keys and values are checked too")
    func invalidMapEntry() {
        let badValue = field(7, field(1, Array("k".utf8)) + field(2, [0xFF]))
        #expect(decodeError(RequestHeaders.self, badValue)?.fieldPath == "metadata.value")
        let badKey = field(4, field(1, [0xC3]) + field(2, Array("v".utf8)))
        #expect(decodeError(ResponseHeaders.self, badKey)?.fieldPath == "metadata.key")
    }

    @Test("each element of a repeated string field is checked")
    func invalidRepeatedString() {
        let bytes = field(3, Array("t1".utf8)) + field(3, [0xFF])
        #expect(decodeError(Subtask.self, bytes)?.fieldPath == "depends_on[1]")
    }

    @Test("well-formed multi-byte text passes")
    func validUTF8() throws {
        let text = "ü 日本 🚀"
        let decoded = try FieldViolation(protobufBytes: field(2, Array(text.utf8)))
        #expect(decoded.description == text)
    }
}
