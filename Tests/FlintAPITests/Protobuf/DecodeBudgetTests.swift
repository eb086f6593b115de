import Testing
import FlintAPI

/// Decoding never takes more memory than a small multiple of the encoding.
@Suite struct DecodeBudgetTests {
    /// A CompleteRequest of `count` empty messages: 2 bytes each on the wire, a struct and
    /// a pointer each once unpacked.
    static func manyEmptyMessages(_ count: Int) -> [UInt8] {
        Array([[UInt8]](repeating: [0x1A, 0x00], count: count).joined())
    }

    @Test func tinySubmessagesThatExplodeAreTooLarge() {
        let bytes = Self.manyEmptyMessages(200_000)
        #expect(bytes.count == 400_000)
        let error = #expect(throws: ProtobufError.self) { _ = try CompleteRequest(protobufBytes: bytes) }
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("memory budget") == true)
    }

    @Test func ordinaryMessagesFitTheirBudget() throws {
        let request = CompleteRequest(
            messages: (0..<500).map { Message(role: .user, parts: [.text(TextPart(text: "message \($0)"))]) }, maxTokens: 10)
        #expect(try CompleteRequest(protobufBytes: request.protobufBytes()) == request)
        // A few empty messages are fine too.
        #expect(try CompleteRequest(protobufBytes: Self.manyEmptyMessages(100)).messages.count == 100)
    }

    @Test func theBudgetIsASmallMultipleWithAnAbsoluteCap() {
        #expect(ProtobufLimits.decodeBudget(forEncodedBytes: 0) == 64 << 10)
        #expect(ProtobufLimits.decodeBudget(forEncodedBytes: 1 << 20) == 8 << 20 + 64 << 10)
        #expect(ProtobufLimits.decodeBudget(forEncodedBytes: 1 << 30) == 128 << 20)
    }
}
