import Testing
import FlintAPI

/// The messages of inference.proto, agents.proto and admin.proto survive encoding and
/// decoding.
@Suite struct ProtobufAPIRoundTripTests {
    @Test(
        "every API message round-trips with all fields set",
        arguments: ProtobufAPISamples.full)
    func fullRoundTrip(_ value: any ProtobufMessage) throws {
        // ListModelsRequest and ListToolsRequest have no fields.
        #expect(!value.protobufBytes().isEmpty || value is ListModelsRequest || value is ListToolsRequest)
        #expect(try decodesBack(value))
    }

    @Test("every API message round-trips with its defaults, as zero bytes")
    func defaultsRoundTrip() throws {
        for value in ProtobufAPISamples.defaults {
            #expect(value.protobufBytes() == [], "\(type(of: value))")
            #expect(try decodesBack(value), "\(type(of: value))")
        }
    }

    @Test("every API type has a full sample, and decodes empty input to its defaults")
    func everyTypeHasSamples() {
        let sampled = Set(ProtobufAPISamples.full.map { ObjectIdentifier(type(of: $0)) })
        for type in ProtobufAPISamples.allTypes {
            #expect(sampled.contains(ObjectIdentifier(type)), "\(type) has no full sample")
        }
        for value in ProtobufAPISamples.defaults {
            let decodes = decodesEmptyToDefaults(value)
            #expect(decodes, "\(type(of: value))")
        }
    }

    private func decodesEmptyToDefaults<T: ProtobufMessage>(_ defaults: T) -> Bool {
        guard case .value(let decoded) = decode(T.self, []) else { return false }
        return decoded == defaults
    }

    @Test("temperature and top_p of 0 stay set; absent ones stay absent")
    func presenceOneofs() throws {
        let zero = CompleteRequest(temperature: 0, topP: 0)
        // temperature (7, fixed32) 0.0, top_p (8, fixed32) 0.0
        #expect(zero.protobufBytes() == [0x3D, 0, 0, 0, 0, 0x45, 0, 0, 0, 0])
        #expect(try CompleteRequest(protobufBytes: zero.protobufBytes()) == zero)
        let onlyTopP = CompleteRequest(topP: 0.5)
        let decoded = try CompleteRequest(protobufBytes: onlyTopP.protobufBytes())
        #expect(decoded.temperature == nil)
        #expect(decoded.topP == 0.5)
    }

    @Test("a string oneof case holding an empty string stays set")
    func emptyStringOneofCases() throws {
        let request = SetQuotaRequest(target: .keyID(""))
        #expect(request.protobufBytes() == [0x0A, 0x00])
        #expect(try decodesBack(request))
        let delta = SubtaskDelta(delta: .text(""))
        #expect(try SubtaskDelta(protobufBytes: delta.protobufBytes()).delta == .text(""))
    }

    @Test("an absent nested message stays absent; a present empty one stays present")
    func nestedPresence() throws {
        let response = RotateKeyResponse(key: KeyInfo(), previous: nil)
        let decoded = try RotateKeyResponse(protobufBytes: response.protobufBytes())
        #expect(decoded.key == KeyInfo())
        #expect(decoded.previous == nil)
        let event = CompletionEvent(event: .usage(Usage()))
        #expect(try CompletionEvent(protobufBytes: event.protobufBytes()).event == .usage(Usage()))
    }

    @Test("an unset oneof decodes as nil in an event, and throws .unknownOneof in a part")
    func unsetOneofs() throws {
        #expect(try CompletionEvent(protobufBytes: [0x08, 0x05]) == CompletionEvent(sequence: 5))
        #expect(try AgentEvent(protobufBytes: []).event == nil)
        #expect(try SubtaskDelta(protobufBytes: []).delta == nil)
        #expect(try SetQuotaRequest(protobufBytes: []).target == nil)
        for (type, name) in [
            (ContentPart.self as any ProtobufMessage.Type, "flint.v1.ContentPart"),
            (ToolResultPart.self, "flint.v1.ToolResultPart"),
        ] {
            let error = decodeError(type, [])
            #expect(error?.code == .unknownOneof)
            #expect(error?.messageType == name)
            #expect(error?.fieldPath == "part")
        }
    }

    @Test("parts and events of kinds this build does not know are skipped, parts counted")
    func unknownKinds() throws {
        // Message { role: USER, parts: [ { field 9: "x" }, { text: { text: "hi" } } ] }
        let message: [UInt8] =
            [0x08, 0x01, 0x12, 0x03, 0x4A, 0x01, 0x78, 0x12, 0x06, 0x0A, 0x04, 0x0A, 0x02, 0x68, 0x69]
        #expect(
            try Message(protobufBytes: message)
                == Message(role: .user, parts: [.text(TextPart(text: "hi"))], unknownPartCount: 1))
        // ToolResult { content: [ {}, { image: {} } ] }
        let toolResult: [UInt8] = [0x12, 0x00, 0x12, 0x02, 0x12, 0x00]
        #expect(try ToolResult(protobufBytes: toolResult) == ToolResult(content: [.image(ImagePart())], unknownPartCount: 1))
        // CompletionEvent { sequence: 3, field 15 (a future event kind): {} }
        #expect(try CompletionEvent(protobufBytes: [0x08, 0x03, 0x7A, 0x00]) == CompletionEvent(sequence: 3))
    }

    @Test("unknown enum values survive, alone and in repeated fields")
    func unknownEnumValues() throws {
        let request = GetUsageRequest(groupBy: [UsageGroupBy(rawValue: 42), .day, UsageGroupBy(rawValue: .max)])
        #expect(try decodesBack(request))
        let message = Message(role: Role(rawValue: 1_000_000))
        #expect(try Message(protobufBytes: message.protobufBytes()).role.rawValue == 1_000_000)
    }

    @Test("group_by is read packed or unpacked, and written packed")
    func packedRepeatedEnum() throws {
        let expected = GetUsageRequest(groupBy: [.day, .model, .method])
        let packed: [UInt8] = [0x22, 0x03, 0x01, 0x02, 0x05]
        let unpacked: [UInt8] = [0x20, 0x01, 0x20, 0x02, 0x20, 0x05]
        #expect(try GetUsageRequest(protobufBytes: packed) == expected)
        #expect(try GetUsageRequest(protobufBytes: unpacked) == expected)
        #expect(expected.protobufBytes() == packed)
    }

    @Test("the bytes of a CompleteRequest are a CountTokensRequest for the same prompt")
    func countTokensSharesFieldNumbers() throws {
        let request = ProtobufAPISamples.completeRequest
        let count = try CountTokensRequest(protobufBytes: request.protobufBytes())
        #expect(
            count
                == CountTokensRequest(
                    model: request.model, systemPrompt: request.systemPrompt,
                    messages: request.messages, tools: request.tools,
                    serverTools: request.serverTools))
    }

    @Test("hand-encoded bytes of a stop event decode, and encode back to the same bytes")
    func stopEventInterop() throws {
        // CompletionEvent { sequence: 9, stop: { reason: END_TURN,
        //   usage: { input_tokens: 5, output_tokens: 2 }, model: "m" } }
        let bytes: [UInt8] =
            [0x08, 0x09, 0x42, 0x0B, 0x08, 0x01, 0x1A, 0x04, 0x08, 0x05, 0x10, 0x02, 0x22, 0x01, 0x6D]
        let expected = CompletionEvent(
            sequence: 9,
            event: .stop(
                Stop(reason: .endTurn, usage: Usage(inputTokens: 5, outputTokens: 2), model: "m")))
        #expect(try CompletionEvent(protobufBytes: bytes) == expected)
        #expect(expected.protobufBytes() == bytes)
    }

    @Test("int64 fields keep negative values")
    func negativeInt64() throws {
        let key = KeyInfo(createdAtMs: -1, expiresAtMs: .min, revokedAtMs: .max)
        #expect(try decodesBack(key))
        // created_at_ms (6) = -1: ten-byte varint.
        #expect(KeyInfo(createdAtMs: -1).protobufBytes() == [0x30] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
    }
}
