import FlintTestSupport
import NIOCore
import Testing
import Wire

@Suite("Frame parser")
struct FrameParserTests {
    /// Feeds `bytes` in the given chunk sizes and collects every event.
    static func parse(_ bytes: [UInt8], chunks: [Int], maxPayload: UInt32 = 1024, preface: Bool = false) throws -> [InboundFrameEvent] {
        var parser = FrameParser(maxPayloadSize: maxPayload, expectsPreface: preface)
        var buffer = ByteBuffer()
        var events: [InboundFrameEvent] = []
        var offset = 0
        var chunkIndex = 0
        while offset < bytes.count {
            let size = min(chunks.isEmpty ? bytes.count : max(1, chunks[chunkIndex % chunks.count]), bytes.count - offset)
            buffer.writeBytes(bytes[offset..<(offset + size)])
            offset += size
            chunkIndex += 1
            while let event = try parser.next(from: &buffer) { events.append(event) }
            buffer.discardReadBytes()
        }
        return events
    }

    static func wire(_ frames: [Frame]) -> [UInt8] {
        var buffer = ByteBuffer()
        for frame in frames { buffer.writeFrame(frame) }
        return Array(buffer: buffer)
    }

    static func randomFrame<G: RandomNumberGenerator>(using generator: inout G) -> Frame {
        let length = Int.random(in: 0...300, using: &generator)
        let payload = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Frame(
            type: FrameType(rawValue: UInt8.random(in: 0...9, using: &generator)),
            flags: FrameFlags(rawValue: UInt8.random(in: 0...255, using: &generator)),
            streamID: UInt32.random(in: 0...UInt32.max, using: &generator),
            payload: ByteBuffer(bytes: payload)
        )
    }

    @Test("a frame's wire form is the 10-byte big-endian header then the payload")
    func wireLayout() {
        let frame = Frame(type: .message, flags: .endStream, streamID: 0x0102_0304, payload: ByteBuffer(bytes: [0xAA, 0xBB]))
        #expect(Self.wire([frame]) == [0, 0, 0, 2, 2, 1, 1, 2, 3, 4, 0xAA, 0xBB])
    }

    @Test("random frames survive random byte splits", arguments: [1, 2, 3, 7, 10, 11, 64, 4096])
    func randomSplits(chunk: Int) throws {
        var generator = SeededGenerator(seed: UInt64(chunk))
        for _ in 0..<20 {
            let frames = (0..<Int.random(in: 1...12, using: &generator)).map { _ in Self.randomFrame(using: &generator) }
            var chunks = (0..<5).map { _ in Int.random(in: 1...chunk, using: &generator) }
            chunks.append(chunk)
            let events = try Self.parse(Self.wire(frames), chunks: chunks, maxPayload: 1024)
            #expect(events == frames.map { .frame($0) })
        }
    }

    @Test("a truncated frame yields nothing until the rest arrives")
    func truncated() throws {
        let frame = Frame(type: .headers, streamID: 1, payload: ByteBuffer(bytes: Array(repeating: 7, count: 50)))
        let bytes = Self.wire([frame])
        for cut in 0..<bytes.count {
            var parser = FrameParser(maxPayloadSize: 1024, expectsPreface: false)
            var buffer = ByteBuffer(bytes: bytes[..<cut])
            #expect(try parser.next(from: &buffer) == nil)
            buffer.writeBytes(bytes[cut...])
            #expect(try parser.next(from: &buffer) == .frame(frame))
        }
    }

    @Test("a length prefix above the limit is reported at once and its payload skipped, not buffered",
          arguments: [UInt32(1025), 1 << 20, 0xFFFF_FFFF])
    func oversized(length: UInt32) throws {
        var parser = FrameParser(maxPayloadSize: 1024, expectsPreface: false)
        var buffer = ByteBuffer()
        buffer.writeFrameHeader(FrameHeader(payloadLength: length, type: .message, flags: [], streamID: 3))
        let header = try parser.next(from: &buffer)
        #expect(header == .oversizedFrame(FrameHeader(payloadLength: length, type: .message, flags: [], streamID: 3)))
        // Stream 1 KiB of the huge payload: all of it is dropped as it arrives.
        buffer.writeBytes(Array(repeating: 0, count: 1024))
        #expect(try parser.next(from: &buffer) == nil)
        #expect(buffer.readableBytes == 0)
    }

    @Test("after an oversized payload has passed, parsing goes on")
    func resumesAfterOversized() throws {
        let big = Frame(type: .message, streamID: 1, payload: ByteBuffer(bytes: Array(repeating: 1, count: 3000)))
        let next = Frame(type: .ping, streamID: 0, payload: ByteBuffer(bytes: Array(repeating: 2, count: 8)))
        let events = try Self.parse(Self.wire([big, next]), chunks: [100], maxPayload: 1024)
        #expect(events == [.oversizedFrame(big.header), .frame(next)])
    }

    @Test("the preface is matched byte by byte across splits")
    func preface() throws {
        let frame = Frame(type: .settings, streamID: 0)
        let events = try Self.parse(FrameParser.preface + Self.wire([frame]), chunks: [1], preface: true)
        #expect(events == [.frame(frame)])
    }

    @Test("a wrong preface fails on its first wrong byte", arguments: ["GET / HTTP/1.1\r\n", "FLINT/2\n", "\u{16}\u{03}\u{01}", "F"])
    func wrongPreface(text: String) throws {
        var parser = FrameParser(maxPayloadSize: 1024, expectsPreface: true)
        var buffer = ByteBuffer(string: text)
        if text == "F" {
            #expect(try parser.next(from: &buffer) == nil)
            buffer.writeString("X")
        }
        #expect(throws: PrefaceMismatchError.self) { try parser.next(from: &buffer) }
    }

    @Test("random garbage never crashes the parser and never buffers beyond one frame")
    func garbage() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...2000, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var parser = FrameParser(maxPayloadSize: 512, expectsPreface: Bool.random(using: &generator))
            var buffer = ByteBuffer(bytes: bytes)
            while let event = try? parser.next(from: &buffer) {
                if case .frame(let frame) = event { #expect(frame.payload.readableBytes <= 512) }
            }
            #expect(buffer.readableBytes < 512 + FrameHeader.size || parser.maxPayloadSize == 512)
        }
    }
}
