import Testing

@testable import ModelServices

@Suite struct ServerSentEventParserTests {
    private func parseAll(_ text: String, _ parser: inout ServerSentEventParser) throws -> [ServerSentEvent] {
        try parser.parse(Array(text.utf8))
    }

    @Test func dataLinesBecomeEventsAtBlankLines() throws {
        var parser = ServerSentEventParser()
        let events = try parseAll("data: {\"a\":1}\n\ndata: second\n\n", &parser)
        #expect(events == [ServerSentEvent(data: "{\"a\":1}"), ServerSentEvent(data: "second")])
        #expect(!parser.hasPartialEvent)
    }

    @Test func multipleDataLinesJoinWithNewlines() throws {
        var parser = ServerSentEventParser()
        #expect(try parseAll("data: one\ndata:two\ndata:  three\n\n", &parser) == [ServerSentEvent(data: "one\ntwo\n three")])
    }

    @Test func commentsRetryAndUnknownFieldsAreIgnored() throws {
        var parser = ServerSentEventParser()
        let events = try parseAll(": keep-alive\nretry: 100\nfoo: bar\ndata: x\n\n: only a comment\n\n", &parser)
        #expect(events == [ServerSentEvent(data: "x")])
    }

    @Test func eventTypeAndIDAreKept() throws {
        var parser = ServerSentEventParser()
        let events = try parseAll("event: error\nid: 7\ndata: boom\n\ndata: next\n\n", &parser)
        #expect(events == [ServerSentEvent(type: "error", data: "boom", lastEventID: "7"), ServerSentEvent(data: "next", lastEventID: "7")])
    }

    @Test func aFieldWithoutColonHasAnEmptyValue() throws {
        var parser = ServerSentEventParser()
        #expect(try parseAll("data\n\n", &parser) == [ServerSentEvent(data: "")])
    }

    @Test func blankLinesWithoutDataDispatchNothing() throws {
        var parser = ServerSentEventParser()
        #expect(try parseAll("\n\n\r\n\revent: x\n\n", &parser).isEmpty)
    }

    @Test func crlfAndCRLineEndsAllWork() throws {
        var parser = ServerSentEventParser()
        #expect(try parseAll("data: a\r\n\r\ndata: b\r\rdata: c\n\n", &parser).map(\.data) == ["a", "b", "c"])
    }

    @Test func aCRLFSplitBetweenChunksIsOneLineEnd() throws {
        var parser = ServerSentEventParser()
        #expect(try parseAll("data: a\r", &parser).isEmpty)
        #expect(try parseAll("\ndata: b\r", &parser).isEmpty)
        #expect(try parseAll("\n\r", &parser).map(\.data) == ["a\nb"])
    }

    @Test func aByteOrderMarkAtTheStartIsDropped() throws {
        var parser = ServerSentEventParser()
        let events = try parser.parse([0xEF, 0xBB] + [0xBF] + Array("data: x\n\n".utf8))
        #expect(events == [ServerSentEvent(data: "x")])
    }

    @Test func aStreamCutMidEventReportsAPartialEvent() throws {
        var parser = ServerSentEventParser()
        _ = try parseAll("data: {\"content\":", &parser)
        #expect(parser.hasPartialEvent)
    }

    @Test func anEndlessLineFailsAtTheLimitAndStaysFailed() throws {
        var parser = ServerSentEventParser(maximumLineLength: 1000)
        _ = try parser.parse(Array(repeating: UInt8(ascii: "x"), count: 1000))
        #expect(throws: ServerSentEventParser.ParseError.self) {
            _ = try parser.parse([UInt8(ascii: "x")])
        }
        #expect(throws: ServerSentEventParser.ParseError.self) {
            _ = try parser.parse(Array("\n\n".utf8))
        }
    }

    @Test func anEventLargerThanTheLimitFails() throws {
        var parser = ServerSentEventParser(maximumLineLength: 100, maximumEventSize: 250)
        let line = "data: " + String(repeating: "y", count: 90) + "\n"
        #expect(throws: ServerSentEventParser.ParseError.self) {
            _ = try parser.parse(Array(String(repeating: line, count: 3).utf8))
        }
    }

    @Test func invalidUTF8Fails() throws {
        var parser = ServerSentEventParser()
        #expect(throws: ServerSentEventParser.ParseError.self) {
            _ = try parser.parse(Array("data: ".utf8) + [0xC3, 0x28] + Array("\n\n".utf8))
        }
    }

    /// Random events, written with random line ends, fed in random pieces: always the same
    /// events as the whole stream at once.
    @Test(arguments: 0..<8)
    func randomSplitsGiveTheSameEvents(seed: UInt64) throws {
        var random = SeededRandom(seed: 0x5EED_0000 + seed)
        for _ in 0..<150 {
            let events = (0..<Int.random(in: 0...6, using: &random)).map { _ in Self.randomEvent(using: &random) }
            let bytes = Self.serialize(events, using: &random)
            var whole = ServerSentEventParser()
            let expected = try whole.parse(bytes)
            #expect(expected.map(\.data) == events.map(\.data))
            #expect(expected.map(\.type) == events.map(\.type))

            var pieces = ServerSentEventParser()
            var parsed: [ServerSentEvent] = []
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + Int.random(in: 1...max(1, bytes.count / 3), using: &random))
                parsed += try pieces.parse(bytes[start..<end])
                start = end
            }
            #expect(parsed == expected)
        }
    }

    private static let alphabet = Array("abcXYZ 09:{}\"\\,.é漢🙂")

    private static func randomText(using random: inout SeededRandom) -> String {
        String((0..<Int.random(in: 0...40, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
    }

    private static func randomEvent(using random: inout SeededRandom) -> ServerSentEvent {
        let lines = (0..<Int.random(in: 1...3, using: &random)).map { _ in randomText(using: &random) }
        let type: String? = Bool.random(using: &random) ? nil : "t" + randomText(using: &random).filter { $0 != ":" && $0 != " " }
        return ServerSentEvent(type: type, data: lines.joined(separator: "\n"))
    }

    private static func serialize(_ events: [ServerSentEvent], using random: inout SeededRandom) -> [UInt8] {
        var text = ""
        var previous = ""
        // Any line end, except LF right after CR: that would be one CRLF, not two ends.
        func end() -> String {
            var next = ["\n", "\r\n", "\r"].randomElement(using: &random)!
            if previous == "\r" && next == "\n" { next = "\r\n" }
            previous = next
            return next
        }
        for event in events {
            if Bool.random(using: &random) { text += ": comment" + end() }
            if let type = event.type { text += "event: \(type)" + end() }
            for line in event.data.split(separator: "\n", omittingEmptySubsequences: false) {
                // One space after the colon is dropped by the parser; without it, a line that
                // starts with a space needs one more.
                let spaced = Bool.random(using: &random)
                text += (spaced || line.first == " " ? "data: " : "data:") + line + end()
            }
            text += end()
        }
        return Array(text.utf8)
    }
}
