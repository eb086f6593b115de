import FlintTestSupport
import Testing
import FlintAPI

/// Bytes from a peer are hostile: whatever they are, decoding yields a value or throws a
/// ProtobufError (typed throws make any other error impossible), and never crashes.
@Suite struct ProtobufMalformedInputTests {
    @Test("random garbage never crashes a decoder", arguments: [7, 8, 9] as [UInt64])
    func randomGarbage(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<400 {
            let bytes = random.bytes(count: Int.random(in: 0...64, using: &random))
            for type in ProtobufSamples.allTypes {
                decodeAnything(type, bytes)
            }
        }
    }

    @Test("random mutations of valid encodings never crash a decoder")
    func mutatedEncodings() {
        var random = SeededGenerator(seed: 42)
        for value in ProtobufSamples.full {
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

    @Test("every truncation of a valid encoding decodes or throws", arguments: ProtobufSamples.full)
    func truncations(_ value: any ProtobufMessage) {
        let bytes = value.protobufBytes()
        for cut in 0..<bytes.count {
            decodeAnything(type(of: value), Array(bytes[..<cut]))
        }
    }

    @Test("a cut inside a length-delimited field is malformed")
    func truncatedStringIsMalformed() {
        let bytes = HealthCheckRequest(service: "flint.v1.Inference").protobufBytes()
        guard case .error(let error) = decode(HealthCheckRequest.self, Array(bytes.dropLast()))
        else {
            Issue.record("a truncated string decoded")
            return
        }
        #expect(error.code == .malformed)
        #expect(error.messageType == "flint.v1.HealthCheckRequest")
    }

    @Test("every field number with every wire type decodes or throws")
    func wrongWireTypes() {
        for field in UInt8(1)...9 {
            for wireType in UInt8(0)...7 {
                let tag = field << 3 | wireType
                for payload in [
                    [], [0x01], [0x02, 0x61, 0x62], [UInt8](repeating: 0x11, count: 8),
                ] as [[UInt8]] {
                    for type in ProtobufSamples.allTypes {
                        decodeAnything(type, [tag] + payload)
                    }
                }
            }
        }
    }

    @Test("a known field with the wrong wire type is malformed")
    func wrongWireTypeIsMalformed() {
        // Settings.max_frame_size (uint32, field 1) sent length-delimited.
        guard case .error(let error) = decode(Settings.self, [0x0A, 0x01, 0x41]) else {
            Issue.record("a string decoded as uint32")
            return
        }
        #expect(error.code == .malformed)
        // RequestHeaders.method (string, field 1) sent as a varint.
        guard case .error(let error) = decode(RequestHeaders.self, [0x08, 0x01]) else {
            Issue.record("a varint decoded as a string")
            return
        }
        #expect(error.code == .malformed)
    }

    @Test("a nested message whose length overruns its parent is malformed")
    func overrunningLength() {
        // Status.details[0] claims 100 bytes, 2 follow.
        guard case .error(let error) = decode(RPCStatus.self, [0x2A, 0x64, 0x0A, 0x00]) else {
            Issue.record("an overrunning length decoded")
            return
        }
        #expect(error.code == .malformed)
    }

    @Test("1 MiB of 0xFF throws .malformed for every type")
    func megabyteOfOnes() {
        let bytes = [UInt8](repeating: 0xFF, count: 1 << 20)
        for type in ProtobufSamples.allTypes {
            let error = decodeError(type, bytes)
            #expect(error?.code == .malformed, "\(type)")
        }
    }

    @Test("input above the size limit throws .tooLarge without being parsed")
    func tooLarge() {
        let bytes = [UInt8](repeating: 0, count: ProtobufLimits.maximumMessageSize + 1)
        guard case .error(let error) = decode(RPCStatus.self, bytes) else {
            Issue.record("an oversized input decoded")
            return
        }
        #expect(error.code == .tooLarge)
        #expect(error.messageType == "flint.v1.Status")
    }
}
