import Documents
import FlintTestSupport
import Foundation
import Logging
import Testing

/// The document store on a real SQLite file: ranking, snippets, paging, bounds, and the
/// partition between partners.
@Suite struct DocumentStoreTests {
    static let corpus = [
        Document(collection: "manuals", id: "router", title: "Router X1 set-up", text: "To reset the router, hold the reset button for ten seconds. The lights blink twice."),
        Document(collection: "manuals", id: "printer", title: "Printer P2", text: "Load paper in the tray. The printer has no reset button; unplug it instead."),
        Document(collection: "manuals", id: "kettle", title: "Kettle", text: "Fill the kettle with water and press the switch.", metadata: ["lang": "en"]),
        Document(collection: "faq", id: "billing", title: "Billing questions", text: "Invoices are sent monthly. Reset your password on the billing page."),
    ]

    func withStore(limits: DocumentLimits = DocumentLimits(), _ body: (DocumentStore) async throws -> Void) async throws {
        let directory = try TemporaryDirectory(prefix: "documents")
        defer { directory.remove() }
        let store = try await DocumentStore.open(dataDirectory: directory.path, limits: limits, logger: Logger(label: "test"))
        do {
            try await body(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    func put(_ documents: [Document], partner: String, in store: DocumentStore) async throws {
        for (offset, document) in documents.enumerated() { _ = try await store.put(document, partner: partner, nowMs: Int64(offset)) }
    }

    @Test("the best match comes first, with a snippet marking the terms")
    func ranking() async throws {
        try await withStore { store in
            try await put(Self.corpus, partner: "acme", in: store)
            let hits = try await store.search("reset button", collection: "manuals", partner: "acme", limit: 0)
            #expect(hits.map(\.id) == ["router", "printer"])
            #expect(hits[0].score >= hits[1].score)
            #expect(hits[0].snippet.contains("[reset]"))
            #expect(hits[0].snippet.contains("[button]"))
            #expect(hits[0].title == "Router X1 set-up")

            let everywhere = try await store.search("reset", collection: "", partner: "acme", limit: 0)
            #expect(Set(everywhere.map(\.id)) == ["router", "printer", "billing"])
            let titles = try await store.search("title:kettle", collection: "", partner: "acme", limit: 0)
            #expect(titles.map(\.id) == ["kettle"])
            #expect(titles[0].metadata == ["lang": "en"])
            let prefix = try await store.search("print*", collection: "manuals", partner: "acme", limit: 0)
            #expect(prefix.map(\.id) == ["printer"])
            let limited = try await store.search("the", collection: "manuals", partner: "acme", limit: 1)
            #expect(limited.count == 1)
        }
    }

    @Test("put replaces a document of the same id, in the index too; delete removes it")
    func upsertAndDelete() async throws {
        try await withStore { store in
            try await put(Self.corpus, partner: "acme", in: store)
            let replaced = try await store.put(
                Document(collection: "manuals", id: "router", title: "Router X1", text: "Power cycle it."), partner: "acme", nowMs: 99)
            #expect(!replaced.created)
            #expect(try await store.search("lights", collection: "manuals", partner: "acme", limit: 0).isEmpty)
            #expect(try await store.search("cycle", collection: "manuals", partner: "acme", limit: 0).map(\.id) == ["router"])
            #expect(try await store.delete(collection: "manuals", id: "router", partner: "acme"))
            #expect(try await !store.delete(collection: "manuals", id: "router", partner: "acme"))
            #expect(try await store.search("cycle", collection: "manuals", partner: "acme", limit: 0).isEmpty)
        }
    }

    @Test("two partners with the same collection and ids never see each other's documents, counts or rankings")
    func partnersArePartitioned() async throws {
        try await withStore { store in
            try await put(Self.corpus, partner: "acme", in: store)
            let secret = Document(collection: "manuals", id: "router", title: "Globex internal", text: "globex secret reset procedure")
            _ = try await store.put(secret, partner: "globex", nowMs: 5)

            #expect(try await store.search("globex", collection: "", partner: "acme", limit: 0).isEmpty)
            #expect(try await store.search("reset", collection: "manuals", partner: "globex", limit: 0).map(\.title) == ["Globex internal"])
            let acmeList = try await store.list(collection: "", partner: "acme", pageSize: 0, pageToken: nil)
            #expect(acmeList.documents.count == 4)
            #expect(!acmeList.documents.contains { $0.title.contains("Globex") })
            let globexList = try await store.list(collection: "", partner: "globex", pageSize: 0, pageToken: nil)
            #expect(globexList.documents.map(\.title) == ["Globex internal"])
            // Deleting the other partner's id deletes only one's own.
            #expect(try await store.delete(collection: "manuals", id: "router", partner: "globex"))
            #expect(try await store.search("lights", collection: "manuals", partner: "acme", limit: 0).map(\.id) == ["router"])
            // A partner with nothing stored finds nothing, and is told nothing.
            #expect(try await store.search("reset", collection: "", partner: "initech", limit: 0).isEmpty)
            #expect(try await store.list(collection: "", partner: "initech", pageSize: 0, pageToken: nil).documents.isEmpty)
        }
    }

    @Test("a score depends only on the partner's own documents")
    func rankingStatisticsArePerPartner() async throws {
        try await withStore { store in
            try await put(Self.corpus, partner: "acme", in: store)
            let before = try await store.search("reset", collection: "manuals", partner: "acme", limit: 0)
            let flood = (0..<40).map { Document(collection: "manuals", id: "d\($0)", text: "reset reset reset \($0)") }
            try await put(flood, partner: "globex", in: store)
            let after = try await store.search("reset", collection: "manuals", partner: "acme", limit: 0)
            #expect(before == after)
        }
    }

    @Test(arguments: [#"reset""#, "AND", "NOT", "(reset", "partner:acme", "rowid:1", "reset NEAR(", "\"", "*"])
    func badQueriesAreInvalidWithoutSQL(_ query: String) async throws {
        try await withStore { store in
            try await put(Self.corpus, partner: "acme", in: store)
            do {
                _ = try await store.search(query, collection: "", partner: "acme", limit: 0)
                Issue.record("'\(query)' was accepted")
            } catch let error as DocumentError {
                guard case .invalidQuery(let message) = error else {
                    Issue.record("'\(query)' gave \(error)")
                    return
                }
                #expect(!message.lowercased().contains("fts"))
                #expect(!message.lowercased().contains("sql"))
                #expect(!message.contains("documents"))
            }
        }
    }

    @Test("pages follow each other without gaps or repeats")
    func paging() async throws {
        try await withStore { store in
            let many = (0..<7).map { Document(collection: $0 < 3 ? "a" : "b", id: String(format: "%02d", $0), text: "text \($0)") }
            try await put(many, partner: "acme", in: store)
            var seen: [String] = []
            var token: String?
            repeat {
                let page = try await store.list(collection: "", partner: "acme", pageSize: 3, pageToken: token)
                #expect(page.documents.count <= 3)
                seen += page.documents.map { "\($0.collection)/\($0.id)" }
                token = page.nextPageToken
            } while token != nil
            #expect(seen == many.map { "\($0.collection)/\($0.id)" })
            do {
                _ = try await store.list(collection: "", partner: "acme", pageSize: 3, pageToken: "bogus!")
                Issue.record("a bogus token was accepted")
            } catch let error as DocumentError {
                #expect(error == .invalid(field: "page_token", "not a page token this server gave out"))
            }
        }
    }

    @Test("bounds are refused naming the field or the limit")
    func bounds() async throws {
        var limits = DocumentLimits()
        limits.maxPartnerBytes = 100
        limits.maxDocumentsPerCollection = 2
        limits.maxCollectionsPerPartner = 2
        try await withStore(limits: limits) { store in
            func field(_ document: Document) async -> String? {
                do {
                    _ = try await store.put(document, partner: "acme", nowMs: 0)
                    return nil
                } catch {
                    switch error {
                    case .invalid(let field, _): return field
                    case .limitReached: return "limit"
                    default: return "\(error)"
                    }
                }
            }
            #expect(await field(Document(collection: "Bad Name", id: "a", text: "x")) == "collection")
            #expect(await field(Document(collection: "c", id: "", text: "x")) == "id")
            #expect(await field(Document(collection: "c", id: "a", text: "")) == "text")
            #expect(await field(Document(collection: "c", id: "a", text: "x\u{0}y")) == "text")
            #expect(await field(Document(collection: "c", id: "a", text: "x", metadata: ["": "v"])) == "metadata")
            #expect(await field(Document(collection: "c", id: "a", text: String(repeating: "x", count: 101))) == "limit")
            #expect(await field(Document(collection: "c", id: "a", text: "x")) == nil)
            #expect(await field(Document(collection: "c", id: "b", text: "x")) == nil)
            #expect(await field(Document(collection: "c", id: "c", text: "x")) == "limit")
            #expect(await field(Document(collection: "c", id: "a", text: "replaced")) == nil)
            #expect(await field(Document(collection: "d", id: "a", text: "x")) == nil)
            #expect(await field(Document(collection: "e", id: "a", text: "x")) == "limit")
        }
    }
}
