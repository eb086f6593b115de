import Foundation
import Logging
import Testing

@testable import APIServer

/// The JSON log handler's lines, without a server.
@Suite("JSON log handler")
struct JSONLogHandlerTests {
    static let instant = Date(timeIntervalSince1970: 1_796_189_400.125)

    static func logger(_ lines: LogLines, provider: Logger.MetadataProvider? = nil) -> Logger {
        Logger(label: "flint.test") { label in
            JSONLogHandler(label: label, metadataProvider: provider, output: JSONLogOutput { lines.append($0) }, now: { Self.instant })
        }
    }

    @Test("one object per line: timestamp, level, label, message, metadata with sorted keys")
    func exactLine() {
        let lines = LogLines()
        var logger = Self.logger(lines)
        logger[metadataKey: "rpc.method"] = "/flint.v1.Health/Check"
        logger.info("call finished", metadata: ["rpc.status": "OK", "count": "\(3)"])
        #expect(
            lines.all == [
                #"{"timestamp":"2026-12-02T05:30:00.125Z","level":"info","label":"flint.test","message":"call finished","metadata":{"count":"3","rpc.method":"/flint.v1.Health/Check","rpc.status":"OK"}}"# + "\n"
            ])
    }

    @Test("quotes, backslashes, newlines and control characters are escaped; nested metadata stays JSON")
    func escaping() throws {
        let lines = LogLines()
        let logger = Self.logger(lines)
        logger.warning("a \"quoted\"\nline\\ with \u{01}", metadata: ["list": ["a", "b\"c"], "map": ["k": "v"]])
        let line = try #require(lines.all.first)
        #expect(line.filter { $0 == "\n" }.count == 1 && line.hasSuffix("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == "a \"quoted\"\nline\\ with \u{01}")
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["list"] as? [String] == ["a", "b\"c"])
        #expect(metadata["map"] as? [String: String] == ["k": "v"])
        #expect(line.contains(#"\u0001"#))
    }

    @Test("the call's request id comes from the metadata provider, inside the call only; a line's own metadata wins")
    func requestIDFromTheProvider() throws {
        let lines = LogLines()
        let logger = Self.logger(lines, provider: CallLogMetadata.provider)
        logger.info("outside")
        CallLogMetadata.$requestID.withValue("req_123") {
            logger.info("inside")
            logger.info("own", metadata: ["request.id": "mine"])
        }
        let metadata = try lines.all.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["metadata"] as? [String: String]
        }
        #expect(metadata == [[:], ["request.id": "req_123"], ["request.id": "mine"]])
    }
}
