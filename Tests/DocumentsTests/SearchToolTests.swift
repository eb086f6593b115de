@testable import Documents
import FlintTestSupport
import Foundation
import Logging
import ServerTools
import Testing
import ToolSchema

/// The `search` server tool over a real store: the caller's partner only, tool errors the
/// model can act on, the output cap.
@Suite struct SearchToolTests {
    func withTool(_ body: (SearchTool, DocumentStore) async throws -> Void) async throws {
        let directory = try TemporaryDirectory(prefix: "search-tool")
        defer { directory.remove() }
        let store = try await DocumentStore.open(dataDirectory: directory.path, logger: Logger(label: "test"))
        do {
            try await body(SearchTool(store: store), store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    static func arguments(_ json: String) throws -> JSONValue {
        try JSONParser.parse(json)
    }

    @Test("finds the caller's planted document, and never another partner's")
    func partnerOnly() async throws {
        try await withTool { tool, store in
            _ = try await store.put(Document(collection: "notes", id: "a", title: "Acme plan", text: "the launch code is pelican"), partner: "acme", nowMs: 0)
            _ = try await store.put(Document(collection: "notes", id: "a", title: "Globex plan", text: "the launch code is walrus"), partner: "globex", nowMs: 0)
            let acme = try await tool.run(try Self.arguments(#"{"query":"launch code"}"#), context: ServerToolContext(partner: "acme"))
            #expect(acme.contains("pelican") && !acme.contains("walrus") && !acme.contains("Globex"))
            let result = try #require(try JSONParser.parse(acme).objectValue?["hits"]?.arrayValue)
            #expect(result.count == 1)
            let globex = try await tool.run(try Self.arguments(#"{"query":"pelican"}"#), context: ServerToolContext(partner: "globex"))
            #expect(globex == #"{"hits":[]}"#)
        }
    }

    @Test("a call without a partner, or a query FTS5 cannot read, is a tool error")
    func failures() async throws {
        try await withTool { tool, store in
            _ = try await store.put(Document(collection: "notes", id: "a", text: "x"), partner: "acme", nowMs: 0)
            await #expect(throws: ServerToolFailure.self) { _ = try await tool.run(try Self.arguments(#"{"query":"x"}"#), context: ServerToolContext()) }
            let error = await #expect(throws: ServerToolFailure.self) {
                _ = try await tool.run(try Self.arguments(#"{"query":"(x"}"#), context: ServerToolContext(partner: "acme"))
            }
            #expect(error?.message.contains("not a valid search query") == true)
        }
    }

    @Test("hits past the output cap are left out and counted")
    func cap() {
        let hits = (0..<10).map { DocumentHit(collection: "c", id: "d\($0)", title: "t", snippet: String(repeating: "s", count: 100), score: 1, metadata: [:]) }
        let text = SearchTool.result(hits, cap: 500)
        #expect(text.utf8.count <= 500)
        let object = (try? JSONParser.parse(text))?.objectValue
        let kept = object?["hits"]?.arrayValue?.count ?? 0
        #expect(kept > 0 && kept < 10)
        #expect(object?["omitted"]?.intValue == 10 - kept)
    }
}
