import FlintTestSupport
import Foundation
import ModelServices
import Testing
import ToolServices
import FlintAPI
import Wire

/// Remote tool services through the real server and real TLS: an MCP server (the official
/// Python SDK) registered with a tool services file, its tools in ListTools for the partners
/// allowed, and a forced remote tool's real result in Complete and StreamComplete.
@Suite("Remote tool services end to end", .serialized)
struct ToolServicesEndToEndTests {
    static let listTools = "/flint.v1.Inference/ListTools"

    /// Writes a tool services file for `mcp`, allowed to the partner "acme" only.
    static func servicesFile(_ mcp: MCPTestServer, in directory: TemporaryDirectory) throws -> String {
        let file = directory.file("tool-services.json")
        let json = """
            {"retryIntervalMs": 200, "servers": [{"name": "orders", "url": "\(mcp.url)", "tools": ["lookup", "fail"], "timeoutMs": 5000,
             "maxOutputBytes": 8192, "partners": ["acme"]}]}
            """
        try json.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    static func lookupRequest() -> CompleteRequest {
        CompleteRequest(
            messages: [Message(role: .user, parts: [.text(TextPart(text: "Where is order A-17?"))])],
            toolChoice: ToolChoice(mode: .tool, toolName: "orders__lookup"), maxTokens: 50, temperature: 0, serverTools: ["orders__lookup"])
    }

    /// Waits (bounded) until ListTools shows the remote tool: the server lists it in the background.
    static func waitForRemoteTools(_ connection: ClientConnection, key: String, named name: String = "orders__lookup") async throws -> ListToolsResponse {
        try await bounded(.seconds(30)) {
            while true {
                let listed = try await connection.unary(listTools, request: ListToolsRequest(), options: CallOptions(apiKey: key), responseType: ListToolsResponse.self)
                if listed.message.tools.contains(where: { $0.name == name }) { return listed.message }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    @Test("a forced remote tool gives its real result in Complete and StreamComplete; other partners neither see nor name it")
    func forcedRemoteTool() async throws {
        try await MCPTestServer.with { mcp in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let file = try Self.servicesFile(mcp, in: directory)
            let turn: [ScriptedTurnBackend.Turn] = [.text(writtenCall("orders__lookup", #"{"order_id":"A-17"}"#)), .text(["It has shipped."])]
            let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: turn + turn)
            try await TestServer.with(configure: { $0.models = .custom(backend); $0.toolServicesFile = file }) { server in
                let connection = try await server.connect()
                defer { Task { await connection.close() } }
                let admin = AdminClient(connection: connection, key: try server.adminKey)
                let key = try await admin.issue(partner: "acme").apiKey
                let listed = try await Self.waitForRemoteTools(connection, key: key)
                let lookup = try #require(listed.tools.first { $0.name == "orders__lookup" })
                #expect(lookup.runsIn == "mcp:orders")
                #expect(lookup.timeoutMs == 5000)
                #expect(lookup.maxOutputBytes == 8192)
                #expect(!listed.tools.contains { $0.name == "orders__echo" })  // not in the file's list

                let unary = try await connection.unary(
                    ToolsEndToEndTests.complete, request: Self.lookupRequest(), options: CallOptions(apiKey: key), responseType: CompleteResponse.self)
                let events = try await ToolsEndToEndTests.events(connection, key: key, Self.lookupRequest())
                #expect(ToolsEndToEndTests.content(of: events) == unary.message.content)
                guard unary.message.content.count > 1, case .toolResult(let result) = unary.message.content[1] else {
                    Issue.record("the second part is not the tool result: \(unary.message.content)")
                    return
                }
                #expect(!result.isError)
                #expect(
                    result.content == [
                        .text(TextPart(text: "order A-17\n" + #"{"order_id":"A-17","status":"shipped","eta_days":3}"#))
                    ])

                let other = try await admin.issue(partner: "globex").apiKey
                let seen = try await connection.unary(Self.listTools, request: ListToolsRequest(), options: CallOptions(apiKey: other), responseType: ListToolsResponse.self)
                #expect(!seen.message.tools.contains { $0.name.hasPrefix("orders__") })
                let error = await #expect(throws: RPCError.self) {
                    _ = try await connection.unary(
                        ToolsEndToEndTests.complete, request: Self.lookupRequest(), options: CallOptions(apiKey: other), responseType: CompleteResponse.self)
                }
                #expect(error?.code == .invalidArgument)
                #expect(error?.message.contains("orders__lookup") == true)
            }
        }
    }

    @Test("a remote tool's error result reaches the model as is_error and the call goes on")
    func remoteErrorResult() async throws {
        try await MCPTestServer.with(json: true) { mcp in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let file = try Self.servicesFile(mcp, in: directory)
            let backend = ScriptedTurnBackend(
            models: [.scriptedConstrained()], turns: [.text(writtenCall("orders__fail", "{}")), .text(["The database is down."])])
            try await TestServer.with(configure: { $0.models = .custom(backend); $0.toolServicesFile = file }) { server in
                let connection = try await server.connect()
                defer { Task { await connection.close() } }
                let key = try await AdminClient(connection: connection, key: try server.adminKey).issue(partner: "acme").apiKey
                _ = try await Self.waitForRemoteTools(connection, key: key, named: "orders__fail")
                let request = CompleteRequest(
                    messages: [Message(role: .user, parts: [.text(TextPart(text: "Check the database."))])],
                    toolChoice: ToolChoice(mode: .tool, toolName: "orders__fail"), maxTokens: 50, temperature: 0, serverTools: ["orders__fail"])
                let unary = try await connection.unary(
                    ToolsEndToEndTests.complete, request: request, options: CallOptions(apiKey: key), responseType: CompleteResponse.self)
                guard unary.message.content.count > 2, case .toolResult(let result) = unary.message.content[1] else {
                    Issue.record("no tool result and answer: \(unary.message.content)")
                    return
                }
                #expect(result.isError)
                #expect(result.content == [.text(TextPart(text: "order database is offline"))])
                #expect(unary.message.content[2] == .text(TextPart(text: "The database is down.")))
            }
        }
    }

    @Test("a tool services file with an unknown key stops the start, naming its path; a server that is down does not")
    func startChecksTheFileNotTheServers() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bad = directory.file("bad.json")
        try #"{"servers": [{"name": "orders", "url": "http://127.0.0.1:9/mcp", "timeout": 5}]}"#.write(toFile: bad, atomically: true, encoding: .utf8)
        let error = await #expect(throws: ToolServicesConfigurationError.self) {
            try await TestServer.with(configure: { $0.toolServicesFile = bad }) { _ in }
        }
        #expect(error?.path == "servers[0].timeout")

        let down = directory.file("down.json")
        try #"{"servers": [{"name": "orders", "url": "http://127.0.0.1:9/mcp", "timeoutMs": 500}]}"#.write(toFile: down, atomically: true, encoding: .utf8)
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [])
        try await TestServer.with(configure: { $0.models = .custom(backend); $0.toolServicesFile = down }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue(partner: "acme").apiKey
            let listed = try await connection.unary(Self.listTools, request: ListToolsRequest(), options: CallOptions(apiKey: key), responseType: ListToolsResponse.self)
            #expect(listed.message.tools.map(\.name) == ["calculator", "clock", "ocr", "search"])
        }
    }
}
