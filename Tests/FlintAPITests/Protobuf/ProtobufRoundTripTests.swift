import Testing
import FlintAPI

@Suite struct ProtobufRoundTripTests {
    @Test("every bridged message round-trips with all fields set", arguments: ProtobufSamples.full)
    func fullRoundTrip(_ value: any ProtobufMessage) throws {
        #expect(!value.protobufBytes().isEmpty)
        #expect(try decodesBack(value))
    }

    @Test("every bridged message round-trips with its defaults, as zero bytes")
    func defaultsRoundTrip() throws {
        let defaults: [any ProtobufMessage] = [
            Settings(), RequestHeaders(), ResponseHeaders(), RateLimitState(), RPCStatus(),
            QuotaFailure(), FieldViolation(), ErrorInfo(), GoAway(), HealthCheckRequest(),
            HealthCheckResponse(), ImagePart(), Subtask(),
        ]
        for value in defaults {
            #expect(value.protobufBytes() == [], "\(type(of: value))")
            #expect(try decodesBack(value), "\(type(of: value))")
        }
    }

    @Test("every bridged type decodes empty input to its defaults")
    func emptyInputDecodesToDefaults() throws {
        #expect(try Settings(protobufBytes: []) == Settings())
        #expect(try RPCStatus(protobufBytes: []) == RPCStatus())
        #expect(try ResponseHeaders(protobufBytes: []).requests == nil)
        #expect(
            try RequestHeaders(protobufBytes: UnsafeRawBufferPointer(start: nil, count: 0))
                == RequestHeaders())
    }

    @Test("an absent nested message stays absent; a present empty one stays present")
    func nestedPresence() throws {
        let headers = ResponseHeaders(requestID: "r", requests: RateLimitState(), tokens: nil)
        let decoded = try ResponseHeaders(protobufBytes: headers.protobufBytes())
        #expect(decoded.requests == RateLimitState())
        #expect(decoded.tokens == nil)
    }

    @Test("the raw-buffer and array initialisers agree")
    func rawBufferOverload() throws {
        let bytes = ProtobufSamples.status.protobufBytes()
        let viaBuffer = try bytes.withUnsafeBytes { try RPCStatus(protobufBytes: $0) }
        #expect(viaBuffer == ProtobufSamples.status)
    }

    @Test("a StatusDetail with no detail set throws .unknownOneof; RPCStatus skips it")
    func unsetOneof() throws {
        let error = #expect(throws: ProtobufError.self) { try StatusDetail(protobufBytes: []) }
        #expect(error?.code == .unknownOneof)
        #expect(error?.messageType == "flint.v1.StatusDetail")
        #expect(error?.fieldPath == "detail")
        // Status { details: [ {}, { field_violation: { field: "f" } } ] }
        let bytes: [UInt8] = [0x2A, 0x00, 0x2A, 0x05, 0x12, 0x03, 0x0A, 0x01, 0x66]
        let status = try RPCStatus(protobufBytes: bytes)
        #expect(status.details == [.fieldViolation(FieldViolation(field: "f"))])
    }

    @Test("a string with U+0000 is cut there, as protobuf-c keeps strings NUL-terminated")
    func nulCutsStrings() throws {
        let headers = HealthCheckRequest(service: "flint\u{0}.v1")
        #expect(try HealthCheckRequest(protobufBytes: headers.protobufBytes()).service == "flint")
    }
}
