import FlintTestSupport
import Foundation
import Logging
import ServerTools
import Testing
import ToolSchema
import ToolServices

/// The MCP client against the official Python SDK's server (Streamable HTTP on loopback):
/// listing, calls and every way a call can go wrong, with JSON and event-stream answers.
@Suite(.serialized) struct MCPRealServerTests {
    /// The per-call timeout of tests that are not about timeouts: generous, because a Python
    /// server on a runner busy with the rest of the suite can take seconds to answer.
    private static let generousTimeoutMs = 30_000

    private static func directory(
        _ server: MCPTestServer, timeoutMs: Int = generousTimeoutMs, maxOutputBytes: Int = 64 << 10, tools: String = #""all""#, partners: String? = nil,
        retryMs: Int = 100
    ) throws -> ToolServiceDirectory {
        let partnersKey = partners.map { #", "partners": \#($0)"# } ?? ""
        let json = """
            {"refreshIntervalMs": 86400000, "retryIntervalMs": \(retryMs), "servers": [{"name": "orders", "url": "\(server.url)", "tools": \(tools),
             "timeoutMs": \(timeoutMs), "maxOutputBytes": \(maxOutputBytes)\(partnersKey)}]}
            """
        return ToolServiceDirectory(try ToolServicesConfiguration.decode(json: Data(json.utf8)), logger: Logger(label: "test.mcp"))
    }

    private static func tool(_ directory: ToolServiceDirectory, _ name: String) throws -> any ServerTool {
        try #require(directory.currentTools.first { $0.name == "orders__\(name)" }, "no tool orders__\(name)")
    }

    private static func call(_ tool: any ServerTool, _ arguments: String = "{}") async -> Result<ServerToolOutput, ServerToolFailure> {
        do throws(ServerToolFailure) {
            return .success(try await tool.output(try! JSONParser.parse(arguments), context: ServerToolContext()))
        } catch {
            return .failure(error)
        }
    }

    private static func withServer(json: Bool, _ body: (MCPTestServer) async throws -> Void) async throws {
        try await MCPTestServer.with(json: json, body)
    }

    /// The failure a call of `name` gives (with a fresh listing of `server`), or nil when it succeeds.
    private static func failure(of name: String, on server: MCPTestServer, maxOutputBytes: Int = 64 << 10) async throws -> ServerToolFailure? {
        let directory = try Self.directory(server, maxOutputBytes: maxOutputBytes)
        await directory.refreshAll()
        guard case .failure(let failure) = await Self.call(try Self.tool(directory, name)) else { return nil }
        return failure
    }

    @Test(arguments: [false, true]) func listsTheToolsUnderTheServersName(json: Bool) async throws {
        try await Self.withServer(json: json) { server in
            let directory = try Self.directory(server)
            await directory.refreshAll()
            // Eleven tools in pages of four: the listing followed nextCursor to the end.
            #expect(
                directory.currentTools.map(\.name) == [
                    "orders__echo", "orders__lookup", "orders__fail", "orders__image", "orders__broken_image", "orders__hang", "orders__die", "orders__huge",
                    "orders__malformed", "orders__add_tool", "orders__forget_sessions",
                ])
            let echo = try Self.tool(directory, "echo")
            #expect(echo.runsIn == "mcp:orders")
            #expect(echo.description == "Echoes its text.")
            #expect(echo.limits.timeout == .milliseconds(Self.generousTimeoutMs))
            let schema = try JSONParser.parse(echo.parametersSchema)
            #expect(schema.objectValue?["required"] == .array([.string("text")]))
        }
    }

    @Test(arguments: [false, true]) func callsAToolAndGetsItsText(json: Bool) async throws {
        try await Self.withServer(json: json) { server in
            let directory = try Self.directory(server)
            await directory.refreshAll()
            let output = try await Self.call(Self.tool(directory, "echo"), #"{"text": "parcel 7"}"#).get()
            #expect(output.text == "echo: parcel 7")
        }
    }

    @Test func structuredContentComesAsJSONText() async throws {
        try await Self.withServer(json: false) { server in
            let directory = try Self.directory(server)
            await directory.refreshAll()
            let output = try await Self.call(Self.tool(directory, "lookup"), #"{"order_id": "A-17"}"#).get()
            let lines = output.text.split(separator: "\n").map(String.init)
            #expect(lines.first == "order A-17")
            let structured = try JSONParser.parse(try #require(lines.last))
            #expect(structured.objectValue?["status"] == .string("shipped"))
            #expect(structured.objectValue?["order_id"] == .string("A-17"))
        }
    }

    @Test func imagesComeAsImages() async throws {
        try await Self.withServer(json: true) { server in
            let directory = try Self.directory(server)
            await directory.refreshAll()
            let output = try await Self.call(Self.tool(directory, "image")).get()
            #expect(output.images.count == 1)
            #expect(output.images.first?.mediaType == "image/png")
            #expect(output.images.first?.data.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true)
            let broken = try await Self.call(Self.tool(directory, "broken_image")).get()
            #expect(broken.images.isEmpty)
            #expect(broken.text.hasPrefix("[an image the tool service sent is refused:"))
        }
    }

    @Test(arguments: [false, true]) func anErrorResultIsAToolFailure(json: Bool) async throws {
        try await Self.withServer(json: json) { server in
            let directory = try Self.directory(server)
            await directory.refreshAll()
            let result = await Self.call(try Self.tool(directory, "fail"))
            guard case .failure(let failure) = result else { Issue.record("the failing tool succeeded"); return }
            #expect(failure.message == "order database is offline")
        }
    }

    @Test func aHangingServerTimesOutAndTheNextCallWorks() async throws {
        try await Self.withServer(json: false) { server in
            let directory = try Self.directory(server, timeoutMs: 500)
            await directory.refreshAll()
            let started = ContinuousClock.now
            let result = await Self.call(try Self.tool(directory, "hang"))
            #expect(ContinuousClock.now - started < .seconds(5))
            guard case .failure(let failure) = result else { Issue.record("the hanging tool answered"); return }
            #expect(failure.message.contains("did not answer within"))
            let next = try await Self.call(Self.tool(directory, "echo"), #"{"text": "still here"}"#).get()
            #expect(next.text == "echo: still here")
        }
    }

    @Test(arguments: [false, true]) func aHugeAnswerIsRefused(json: Bool) async throws {
        try await Self.withServer(json: json) { server in
            let failure = try await Self.failure(of: "huge", on: server)
            #expect(failure?.message.contains("larger than") == true, "a 2 MB answer: \(String(describing: failure))")
        }
    }

    @Test func aMalformedAnswerIsAToolFailure() async throws {
        try await Self.withServer(json: true) { server in
            let failure = try await Self.failure(of: "malformed", on: server)
            #expect(failure?.message.contains("malformed") == true, "a cut-off answer: \(String(describing: failure))")
        }
    }

    @Test func aServerThatDiesMidCallIsAToolFailure() async throws {
        try await Self.withServer(json: false) { server in
            let directory = try Self.directory(server)
            await directory.refreshAll()
            guard case .failure(let failure) = await Self.call(try Self.tool(directory, "die")) else {
                Issue.record("a dead server answered"); return
            }
            #expect(failure.message.contains("unreachable"))
            // Listing a dead server fails and keeps the tools last listed.
            await directory.refreshAll()
            #expect(directory.currentTools.contains { $0.name == "orders__echo" })
        }
    }

    @Test func aServerDownAtStartHasNoToolsAndStopsNothing() async throws {
        let server = try await MCPTestServer.start()
        await server.stop()
        let directory = try Self.directory(server)
        await directory.refreshAll()
        #expect(directory.currentTools.isEmpty)
    }

    @Test func onlyTheListedToolsAndPartnersAreOffered() async throws {
        try await Self.withServer(json: true) { server in
            let directory = try Self.directory(server, tools: #"["echo"]"#, partners: #"["acme"]"#)
            await directory.refreshAll()
            #expect(directory.currentTools.map(\.name) == ["orders__echo"])
            let echo = try Self.tool(directory, "echo")
            #expect(echo.isAvailable(to: "acme"))
            #expect(!echo.isAvailable(to: "globex"))
            #expect(!echo.isAvailable(to: nil))
            let registry = try ServerToolRegistry(tools: ServerToolRegistry.builtIn().tools, sources: [directory])
            #expect(registry.tool(named: "orders__echo", partner: "acme") != nil)
            #expect(registry.tool(named: "orders__echo", partner: "globex") == nil)
            #expect(registry.available(to: "globex").map(\.name) == ["calculator", "clock"])
        }
    }

    @Test func aChangedToolListIsReadAgain() async throws {
        try await Self.withServer(json: false) { server in
            let directory = try Self.directory(server, retryMs: 100)
            let running = Task { try await directory.run() }
            defer { running.cancel() }
            let listed = try await bounded(.seconds(20)) {
                while !directory.currentTools.contains(where: { $0.name == "orders__add_tool" }) { try await Task.sleep(for: .milliseconds(50)) }
                return true
            }
            #expect(listed)
            #expect(!directory.currentTools.contains { $0.name == "orders__added" })
            _ = try await Self.call(Self.tool(directory, "add_tool")).get()
            // The refresh interval is a day: only the list_changed notification can bring it.
            let added = try await bounded(.seconds(20)) {
                while !directory.currentTools.contains(where: { $0.name == "orders__added" }) { try await Task.sleep(for: .milliseconds(50)) }
                return true
            }
            #expect(added)
            #expect(try await Self.call(Self.tool(directory, "added")).get().text == "the added tool ran")
        }
    }

    @Test func theBearerTokenIsSentAndAWrongOneGetsNoTools() async throws {
        try await MCPTestServer.with(token: "right-token") { server in
            func directory(_ token: String) throws -> ToolServiceDirectory {
                let json = #"{"servers": [{"name": "orders", "url": "\#(server.url)", "bearerTokenEnv": "ORDERS_TOKEN"}]}"#
                let configuration = try ToolServicesConfiguration.decode(json: Data(json.utf8), environment: ["ORDERS_TOKEN": token])
                return ToolServiceDirectory(configuration, logger: Logger(label: "test.mcp"))
            }
            let right = try directory("right-token")
            await right.refreshAll()
            #expect(right.currentTools.contains { $0.name == "orders__echo" })
            #expect(try await Self.call(Self.tool(right, "echo"), #"{"text": "authorized"}"#).get().text == "echo: authorized")
            let wrong = try directory("wrong-token")
            await wrong.refreshAll()
            #expect(wrong.currentTools.isEmpty)
        }
    }

    @Test(arguments: [false, true]) func aForgottenSessionIsStartedAgain(json: Bool) async throws {
        try await Self.withServer(json: json) { server in
            let directory = try Self.directory(server)
            await directory.refreshAll()
            #expect(try await Self.call(Self.tool(directory, "forget_sessions")).get().text == "forgotten")
            // The server now answers the old session 404: the client starts a new one and asks again.
            #expect(try await Self.call(Self.tool(directory, "echo"), #"{"text": "again"}"#).get().text == "echo: again")
        }
    }
}
