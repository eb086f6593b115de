@testable import APIServer
import FlintAPI
import Foundation
import NIOCore
import NIOHPACK
import Testing

/// The gRPC wire format pieces, without a connection: timeouts, message framing split
/// any way, request headers, grpc-message encoding and the google.rpc.Status trailer.
@Suite("gRPC wire format")
struct GRPCWireFormatTests {
    @Test(arguments: [
        ("250m", 250), ("1S", 1000), ("2M", 120_000), ("1H", 3_600_000), ("1500u", 2), ("1n", 1), ("0m", 1),
        ("99999999H", Int(UInt32.max)), ("12345678m", 12_345_678),
    ] as [(String, Int)])
    func timeouts(value: String, milliseconds: Int) {
        #expect(GRPCTimeout.milliseconds(value).map(Int.init) == milliseconds)
    }

    @Test(arguments: ["", "m", "10", "123456789m", "10x", "-1m", "1.5S", " 1S"])
    func malformedTimeouts(value: String) {
        #expect(GRPCTimeout.milliseconds(value) == nil)
    }

    static func framed(_ payload: [UInt8], compressed: Bool = false) -> [UInt8] {
        let length = UInt32(payload.count)
        return [compressed ? 1 : 0, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + payload
    }

    @Test("a request message split at every possible point, and byte by byte, comes out whole and once")
    func splitAnyWay() throws {
        let payload = (0..<300).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let bytes = Self.framed(payload)
        for cut in 0...bytes.count {
            var message = GRPCRequestMessage(maxMessageBytes: 1024)
            var delivered: [ByteBuffer] = []
            for piece in [bytes[..<cut], bytes[cut...]] {
                if let complete = try message.append(ByteBuffer(bytes: piece)) { delivered.append(complete) }
            }
            #expect(delivered.map { Array($0.readableBytesView) } == [payload], "cut at \(cut)")
        }
        var message = GRPCRequestMessage(maxMessageBytes: 1024)
        var delivered = 0
        for byte in bytes where try message.append(ByteBuffer(bytes: [byte])) != nil { delivered += 1 }
        #expect(delivered == 1)
    }

    @Test("an empty request message is a message")
    func emptyMessage() throws {
        var message = GRPCRequestMessage(maxMessageBytes: 16)
        #expect(try message.append(ByteBuffer(bytes: Self.framed([])))?.readableBytes == 0)
    }

    @Test("a compressed message is INTERNAL; one over the cap is RESOURCE_EXHAUSTED from its prefix alone; a second is INVALID_ARGUMENT")
    func refusals() throws {
        var compressed = GRPCRequestMessage(maxMessageBytes: 64)
        let internalError = #expect(throws: RPCError.self) { _ = try compressed.append(ByteBuffer(bytes: Self.framed([1, 2], compressed: true))) }
        #expect(internalError?.code == .internalError)

        var capped = GRPCRequestMessage(maxMessageBytes: 64)
        let prefixOnly = Array(Self.framed(Array(repeating: 0, count: 65)).prefix(5))
        let tooLarge = #expect(throws: RPCError.self) { _ = try capped.append(ByteBuffer(bytes: prefixOnly)) }
        #expect(tooLarge?.code == .resourceExhausted)

        var twice = GRPCRequestMessage(maxMessageBytes: 64)
        let second = #expect(throws: RPCError.self) { _ = try twice.append(ByteBuffer(bytes: Self.framed([1]) + Self.framed([2]))) }
        #expect(second?.code == .invalidArgument)

        var afterwards = GRPCRequestMessage(maxMessageBytes: 64)
        _ = try afterwards.append(ByteBuffer(bytes: Self.framed([1])))
        #expect(throws: RPCError.self) { _ = try afterwards.append(ByteBuffer(bytes: [0])) }
    }

    @Test("the deframer yields every message a frame completes, in order")
    func manyMessages() throws {
        var deframer = GRPCMessageDeframer(maxMessageBytes: 64)
        let bytes = Self.framed([1]) + Self.framed([2, 2]) + Array(Self.framed([3, 3, 3]).prefix(4))
        #expect(try deframer.append(ByteBuffer(bytes: bytes)).map { Array($0.readableBytesView) } == [[1], [2, 2]])
        #expect(deframer.holdsPartialMessage)
        #expect(try deframer.append(ByteBuffer(bytes: Self.framed([3, 3, 3]).dropFirst(4))).map { Array($0.readableBytesView) } == [[3, 3, 3]])
        #expect(!deframer.holdsPartialMessage)
    }

    static func request(_ extra: [(String, String)] = [], contentType: String = "application/grpc", method: String = "POST") -> HPACKHeaders {
        HPACKHeaders([(":method", method), (":path", "/flint.v1.Inference/Complete"), (":scheme", "https"), ("content-type", contentType), ("te", "trailers")] + extra)
    }

    @Test("request headers map onto RequestHeaders: path, key, request id, timeout, idempotency key, user agent, custom metadata")
    func requestHeaders() throws {
        let headers = Self.request([
            ("authorization", "Bearer flint_abc"), ("x-request-id", "req-1"), ("grpc-timeout", "2S"), ("idempotency-key", "once"),
            ("user-agent", "grpc-python/1.76"), ("tenant", "blue"), ("grpc-accept-encoding", "identity,gzip"),
            ("grpc-previous-rpc-attempts", "1"),
        ], contentType: "application/grpc+proto")
        let parsed = try GRPCRequestHead.parse(headers).get()
        #expect(parsed.method == "/flint.v1.Inference/Complete")
        #expect(parsed.authorization == "Bearer flint_abc")
        #expect(parsed.requestID == "req-1")
        #expect(parsed.timeoutMs == 2000)
        #expect(parsed.idempotencyKey == "once")
        #expect(parsed.userAgent == "grpc-python/1.76")
        #expect(parsed.metadata == ["tenant": "blue"])
    }

    @Test("request headers refused before any call: 405, 415, te, grpc-encoding, grpc-timeout")
    func requestHeaderRefusals() {
        #expect(refusal(Self.request(method: "GET")) == 405)
        #expect(refusal(Self.request(contentType: "application/json")) == 415)
        #expect(refusal(Self.request(contentType: "application/grpc+json")) == 415)
        #expect(refusal(HPACKHeaders([(":method", "POST"), (":path", "/x/y"), ("te", "trailers")])) == 415)
        #expect(grpcRefusal(HPACKHeaders([(":method", "POST"), (":path", "/x/y"), ("content-type", "application/grpc")])) == .invalidArgument)
        #expect(grpcRefusal(Self.request([("grpc-encoding", "gzip")])) == .unimplemented)
        #expect(grpcRefusal(Self.request([("grpc-timeout", "soon")])) == .invalidArgument)
        #expect((try? GRPCRequestHead.parse(Self.request([("grpc-encoding", "identity")])).get()) != nil)
    }

    private func refusal(_ headers: HPACKHeaders) -> Int? {
        guard case .failure(.http(let status, _)) = GRPCRequestHead.parse(headers) else { return nil }
        return status
    }

    private func grpcRefusal(_ headers: HPACKHeaders) -> StatusCode? {
        guard case .failure(.grpc(let status)) = GRPCRequestHead.parse(headers) else { return nil }
        return status.code
    }

    @Test("grpc-message is percent-encoded UTF-8: printable ASCII stays, % and everything else become %XX")
    func percentEncoding() {
        #expect(GRPCMetadata.percentEncoded("plain text: ok") == "plain text: ok")
        #expect(GRPCMetadata.percentEncoded("100%") == "100%25")
        #expect(GRPCMetadata.percentEncoded("line\nbreak") == "line%0Abreak")
        #expect(GRPCMetadata.percentEncoded("café") == "caf%C3%A9")
    }

    @Test("trailers carry the status, the message, the details and the request id; Trailers-Only adds :status and content-type")
    func trailers() throws {
        let status = RPCStatus(code: .resourceExhausted, message: "slow down", requestID: "req-9", retryAfterMs: 1500)
        let trailers = GRPCMetadata.trailers(status)
        #expect(trailers.first(name: "grpc-status") == "8")
        #expect(trailers.first(name: "grpc-message") == "slow down")
        #expect(trailers.first(name: "x-request-id") == "req-9")
        let details = try #require(trailers.first(name: "grpc-status-details-bin"))
        #expect(!details.hasSuffix("="))
        let padded = details + String(repeating: "=", count: (4 - details.count % 4) % 4)
        #expect(Data(base64Encoded: padded).map(Array.init) == GRPCStatusDetails.encode(status))
        let only = GRPCMetadata.trailersOnly(status)
        #expect(only.first(name: ":status") == "200")
        #expect(only.first(name: "content-type") == "application/grpc")
        #expect(GRPCMetadata.trailers(RPCStatus(code: .ok)).first(name: "grpc-status-details-bin") == nil)
    }

    @Test("google.rpc.Status: code, message and RetryInfo's Duration, byte for byte")
    func statusWithRetryInfo() {
        let bytes = GRPCStatusDetails.encode(RPCStatus(code: .resourceExhausted, message: "hi", retryAfterMs: 1500))
        let typeURL = Array("type.googleapis.com/google.rpc.RetryInfo".utf8)
        // RetryInfo { retry_delay (1) { seconds (1) = 1, nanos (2) = 500_000_000 } }
        let retryInfo: [UInt8] = [0x0A, 0x08, 0x08, 0x01, 0x10, 0x80, 0xCA, 0xB5, 0xEE, 0x01]
        let any = [0x0A, UInt8(typeURL.count)] + typeURL + [0x12, UInt8(retryInfo.count)] + retryInfo
        let expected: [UInt8] = [0x08, 0x08, 0x12, 0x02, UInt8(ascii: "h"), UInt8(ascii: "i"), 0x1A, UInt8(any.count)] + any
        #expect(bytes == expected)
    }

    @Test("google.rpc.Status details: QuotaFailure, BadRequest and ErrorInfo, each an Any of its type, read back field by field")
    func statusDetails() throws {
        let status = RPCStatus(code: .invalidArgument, message: "m", details: [
            .quotaFailure(QuotaFailure(scope: .key, limit: .tokensPerMinute, limitValue: 1000, retryable: true)),
            .fieldViolation(FieldViolation(field: "messages[0]", description: "empty")),
            .fieldViolation(FieldViolation(field: "max_tokens", description: "too many")),
            .errorInfo(ErrorInfo(reason: "PROMPT_TOO_LONG", metadata: ["limit": "10"])),
        ])
        var anys: [(String, [UInt8])] = []
        var reader = ProtobufFieldReader(GRPCStatusDetails.encode(status)[...])
        while let (field, value) = try reader.next() {
            guard field == 3, case .bytes(let any) = value else { continue }
            var anyReader = ProtobufFieldReader(any)
            var typeURL = "", payload: [UInt8] = []
            while let (anyField, anyValue) = try anyReader.next() {
                if anyField == 1 { typeURL = anyValue.string ?? "" }
                if anyField == 2, case .bytes(let bytes) = anyValue { payload = Array(bytes) }
            }
            anys.append((typeURL, payload))
        }
        #expect(anys.map(\.0) == [
            "type.googleapis.com/google.rpc.QuotaFailure", "type.googleapis.com/google.rpc.BadRequest", "type.googleapis.com/google.rpc.ErrorInfo",
        ])
        #expect(try strings(in: anys[1].1, nested: 1, field: 1) == ["messages[0]", "max_tokens"])
        #expect(try strings(in: anys[0].1, nested: 1, field: 4) == ["tokens_per_minute"])
        #expect(try strings(in: anys[0].1, nested: 1, field: 1) == ["key"])
        var errorInfo = ProtobufFieldReader(anys[2].1[...])
        var fields: [UInt32: String] = [:]
        while let (field, value) = try errorInfo.next() {
            if field != 3 { fields[field] = value.string }
        }
        #expect(fields == [1: "PROMPT_TOO_LONG", 2: "flint"])
    }

    /// The string fields numbered `field` inside each embedded message numbered `nested`.
    private func strings(in message: [UInt8], nested: UInt32, field: UInt32) throws -> [String] {
        var found: [String] = []
        var outer = ProtobufFieldReader(message[...])
        while let (outerField, value) = try outer.next() {
            guard outerField == nested, case .bytes(let inner) = value else { continue }
            var reader = ProtobufFieldReader(inner)
            while let (innerField, innerValue) = try reader.next() {
                if innerField == field { found.append(innerValue.string ?? "") }
            }
        }
        return found
    }
}
