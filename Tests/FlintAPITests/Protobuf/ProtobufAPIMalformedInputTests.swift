import FlintTestSupport
import Testing
import FlintAPI

/// Hostile bytes never crash an API decoder: whatever they are, decoding yields a value or
/// throws a ProtobufError.
@Suite struct ProtobufAPIMalformedInputTests {
    /// Representative samples: the deepest request, every event kind, the key responses
    /// and usage.
    private static let representative: [any ProtobufMessage] =
        [
            ProtobufAPISamples.completeRequest,
            CompleteResponse(content: ProtobufAPISamples.contentParts, usage: ProtobufAPISamples.usage),
        ]
        + ProtobufAPISamples.admin.filter {
            $0 is IssueKeyResponse || $0 is RotateKeyResponse || $0 is GetUsageRequest
                || $0 is GetUsageResponse
        }
        + ProtobufAPISamples.completionEvents.map { $0 as any ProtobufMessage }
        + ProtobufAPISamples.agentEvents.map { $0 as any ProtobufMessage }

    @Test("random garbage never crashes an API decoder", arguments: [17, 18] as [UInt64])
    func randomGarbage(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            let bytes = random.bytes(count: Int.random(in: 0...96, using: &random))
            for type in ProtobufAPISamples.allTypes {
                decodeAnything(type, bytes)
            }
        }
    }

    @Test("random mutations of valid API encodings never crash a decoder")
    func mutatedEncodings() {
        var random = SeededGenerator(seed: 43)
        for value in Self.representative {
            let valid = value.protobufBytes()
            for _ in 0..<300 {
                var bytes = valid
                for _ in 0...Int.random(in: 0...3, using: &random) {
                    bytes[Int.random(in: bytes.indices, using: &random)] = UInt8.random(
                        in: 0...255, using: &random)
                }
                decodeAnything(type(of: value), bytes)
            }
        }
    }

    @Test("every truncation of a valid API encoding decodes or throws", arguments: representative)
    func truncations(_ value: any ProtobufMessage) {
        let bytes = value.protobufBytes()
        for cut in 0..<bytes.count {
            decodeAnything(type(of: value), Array(bytes[..<cut]))
        }
    }

    @Test("a truncated CompleteRequest is malformed and names its type")
    func truncatedRequestIsMalformed() {
        let bytes = ProtobufAPISamples.completeRequest.protobufBytes()
        let error = decodeError(CompleteRequest.self, Array(bytes.dropLast()))
        #expect(error?.code == .malformed)
        #expect(error?.messageType == "flint.v1.CompleteRequest")
    }

    @Test("every field number with every wire type decodes or throws")
    func wrongWireTypes() {
        for field in UInt8(1)...15 {
            for wireType in UInt8(0)...7 {
                for payload in [[], [0x01], [0x02, 0x61, 0x62], [UInt8](repeating: 0x11, count: 8)]
                    as [[UInt8]]
                {
                    for type in ProtobufAPISamples.allTypes {
                        decodeAnything(type, [field << 3 | wireType] + payload)
                    }
                }
            }
        }
    }

    @Test("deeply nested parts inside a long conversation decode or throw, never crash")
    func nestedGarbageInParts() {
        var random = SeededGenerator(seed: 44)
        for _ in 0..<300 {
            // Message { parts: [ ContentPart { tool_result: <garbage> } ] } in a request.
            let garbage = random.bytes(count: Int.random(in: 0...40, using: &random))
            let part = [0x22, UInt8(garbage.count)] + garbage
            let message = [0x12, UInt8(part.count)] + part
            decodeAnything(CompleteRequest.self, [0x1A, UInt8(message.count)] + message)
        }
    }

    @Test("1 MiB of 0xFF throws .malformed for every API type")
    func megabyteOfOnes() {
        let bytes = [UInt8](repeating: 0xFF, count: 1 << 20)
        for type in ProtobufAPISamples.allTypes {
            #expect(decodeError(type, bytes)?.code == .malformed, "\(type)")
        }
    }
}
