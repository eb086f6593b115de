import FlintTestSupport
import ModelServices
import Foundation
import Testing
import FlintAPI
import Wire

/// `flint.v1.Documents` through the real server and TLS: scope, partition, refusals.
@Suite("Documents end to end")
struct DocumentsEndToEndTests {
    struct DocumentsClient {
        let connection: ClientConnection
        let key: String

        func put(_ collection: String, _ id: String, title: String = "", _ text: String) async throws -> PutDocumentResponse {
            try await call("Put", PutDocumentRequest(collection: collection, id: id, title: title, text: text))
        }

        func search(_ query: String, collection: String = "") async throws -> SearchDocumentsResponse {
            try await call("Search", SearchDocumentsRequest(collection: collection, query: query))
        }

        func list(collection: String = "") async throws -> ListDocumentsResponse {
            try await call("List", ListDocumentsRequest(collection: collection))
        }

        func delete(_ collection: String, _ id: String) async throws -> DeleteDocumentResponse {
            try await call("Delete", DeleteDocumentRequest(collection: collection, id: id))
        }

        func call<Request: ProtobufMessage, Response: ProtobufMessage>(_ method: String, _ request: Request) async throws -> Response {
            try await connection.unary("/flint.v1.Documents/" + method, request: request, options: CallOptions(apiKey: key)).message
        }
    }

    static func withPartners(_ body: (DocumentsClient, DocumentsClient, AdminClient) async throws -> Void) async throws {
        try await TestServer.with { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let admin = AdminClient(connection: connection, key: try server.adminKey)
            let acme = DocumentsClient(connection: connection, key: try await admin.issue(partner: "acme", scopes: ["tools"]).apiKey)
            let globex = DocumentsClient(connection: connection, key: try await admin.issue(partner: "globex", scopes: ["tools"]).apiKey)
            try await body(acme, globex, admin)
        }
    }

    @Test("put, search, list and delete act on the caller's partner only")
    func partition() async throws {
        try await Self.withPartners { acme, globex, _ in
            #expect(try await acme.put("manuals", "router", title: "Router X1", "Hold the reset button for ten seconds.").created)
            #expect(try await globex.put("manuals", "router", title: "Globex secret", "globex internal reset procedure").created)
            let acmeHits = try await acme.search("reset")
            #expect(acmeHits.hits.map(\.title) == ["Router X1"])
            #expect(acmeHits.hits[0].snippet.contains("[reset]"))
            #expect(try await acme.search("globex").hits.isEmpty)
            #expect(try await globex.search("reset", collection: "manuals").hits.map(\.title) == ["Globex secret"])
            #expect(try await acme.list().documents.map(\.title) == ["Router X1"])
            #expect(try await globex.delete("manuals", "router").deleted)
            #expect(try await acme.search("reset").hits.count == 1)
        }
    }

    @Test("bad fields and bad queries are INVALID_ARGUMENT naming them, with no SQL in the message")
    func refusals() async throws {
        try await Self.withPartners { acme, _, _ in
            _ = try await acme.put("manuals", "router", "Hold the reset button.")
            for (body, field) in [
                ({ _ = try await acme.put("Bad Name", "a", "x") }, "collection"),
                ({ _ = try await acme.put("manuals", "", "x") }, "id"),
                ({ _ = try await acme.put("manuals", "a", "") }, "text"),
                ({ _ = try await acme.search("(reset") }, "query"),
                ({ _ = try await acme.search("partner:acme") }, "query"),
                ({ _ = try await acme.search("") }, "query"),
            ] as [(() async throws -> Void, String)] {
                let error = await #expect(throws: RPCError.self) { try await body() }
                #expect(error?.code == .invalidArgument)
                guard case .fieldViolation(let violation)? = error?.details.first else {
                    Issue.record("no field named for \(field)")
                    continue
                }
                #expect(violation.field == field)
                #expect(!(error?.message.lowercased().contains("sql") ?? true))
                #expect(!(error?.message.lowercased().contains("fts") ?? true))
            }
            // The server keeps serving.
            #expect(try await acme.search("reset").hits.count == 1)
        }
    }

    @Test("the tools scope is needed")
    func scope() async throws {
        try await Self.withPartners { _, _, admin in
            let inferenceOnly = DocumentsClient(connection: admin.connection, key: try await admin.issue(partner: "acme", scopes: ["inference"]).apiKey)
            let error = await #expect(throws: RPCError.self) { _ = try await inferenceOnly.search("reset") }
            #expect(error?.code == .permissionDenied)
        }
    }
}

/// The `search` server tool in the tool loop, through the real server and TLS.
@Suite("Search tool end to end")
struct SearchToolEndToEndTests {
    static func request() -> CompleteRequest {
        CompleteRequest(
            messages: [Message(role: .user, parts: [.text(TextPart(text: #"Search the "notes" collection for "launch code"."#))])],
            toolChoice: ToolChoice(mode: .tool, toolName: "search"), maxTokens: 120, temperature: 0, serverTools: ["search"],
            disableParallelToolCalls: true, toolLoop: ToolLoopOptions(maxSteps: 2))
    }

    static func planted(_ connection: ClientConnection, admin: AdminClient, partner: String, code: String) async throws -> String {
        let key = try await admin.issue(partner: partner, scopes: ["inference", "tools"]).apiKey
        let documents = DocumentsEndToEndTests.DocumentsClient(connection: connection, key: key)
        _ = try await documents.put("notes", "plan", title: "\(partner) plan", "The launch code is \(code).")
        return key
    }

    static func searchResult(_ response: CompleteResponse) -> String? {
        OCREndToEndTests.toolResult(response).map(CompletionText.of)
    }

    @Test("a forced search returns the calling partner's planted document and never another's, unary and streamed")
    func partnerOnly() async throws {
        let turns: [ScriptedTurnBackend.Turn] = [.text(writtenCall("search", #"{"query":"launch code"}"#)), .text(["Done."])]
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: turns + turns + turns)
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let admin = AdminClient(connection: connection, key: try server.adminKey)
            let acme = try await Self.planted(connection, admin: admin, partner: "acme", code: "pelican")
            let globex = try await Self.planted(connection, admin: admin, partner: "globex", code: "walrus")

            let acmeAnswer = try await OCREndToEndTests.complete(connection, key: acme, Self.request())
            let acmeText = try #require(Self.searchResult(acmeAnswer))
            #expect(acmeText.contains("pelican") && !acmeText.contains("walrus") && !acmeText.contains("globex"))
            let streamed = ToolsEndToEndTests.content(of: try await ToolsEndToEndTests.events(connection, key: acme, Self.request()))
            #expect(streamed == acmeAnswer.content)

            let globexText = try #require(Self.searchResult(try await OCREndToEndTests.complete(connection, key: globex, Self.request())))
            #expect(globexText.contains("walrus") && !globexText.contains("pelican") && !globexText.contains("acme"))
        }
    }
}

/// The `search` tool on the real embedded model. Runs with the real-model group.
extension InferenceEndToEndTests {
    @Test("search on the embedded model: a forced search returns the partner's planted document")
    func searchOnTheEmbeddedModel() async throws {
        try await Self.withModel { _, connection, _, admin in
            let key = try await SearchToolEndToEndTests.planted(connection, admin: admin, partner: "acme", code: "pelican")
            _ = try await SearchToolEndToEndTests.planted(connection, admin: admin, partner: "globex", code: "walrus")
            let response = try await OCREndToEndTests.complete(connection, key: key, SearchToolEndToEndTests.request())
            guard case .toolCall(let call) = response.content.first else {
                Issue.record("the answer does not start with a tool call: \(response.content)")
                return
            }
            #expect(call.name == "search" && call.serverTool)
            let result = try #require(SearchToolEndToEndTests.searchResult(response))
            #expect(result.contains("pelican") && !result.contains("walrus"), "\(call.argumentsJSON) → \(result)")
        }
    }
}
