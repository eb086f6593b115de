import FlintTestSupport
import Foundation
import ModelServices
import Testing
import Wire

/// `apiclient complete` with tools and `apiclient tools list`, against an in-process server
/// on a scripted model.
@Suite("apiclient tools")
struct CLIToolsTests {
    /// Runs `body` with a server on `backend`, an inference key, and a way to run apiclient.
    func withServer(
        _ backend: ScriptedTurnBackend, _ body: (_ run: @escaping @Sendable ([String]) async throws -> Executables.Result) async throws -> Void
    ) async throws {
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
            await connection.close()
            let environment = CLI.clearedEnvironment.merging(["FLINT_DATA_DIR": server.dataDirectory, "FLINT_API_KEY": key]) { $1 }
            try await body { arguments in
                try await Executables.run("apiclient", arguments + ["--endpoint", "127.0.0.1:\(server.port)"], environment: environment)
            }
        }
    }

    static let calculatorTurns: [ScriptedTurnBackend.Turn] = [.text(writtenCall("calculator", #"{"expression":"17*23"}"#)), .text(["It is 391."])]

    @Test("a server tool's call and result print on their own lines, between the text")
    func serverToolReadable() async throws {
        try await withServer(ScriptedTurnBackend(models: [.scriptedConstrained()], turns: Self.calculatorTurns)) { run in
            let result = try await run(["complete", "--prompt", "17*23?", "--server-tool", "calculator", "--tool-choice", "calculator", "--verbose"])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(
                result.stdout == """
                    → calculator {"expression":"17*23"} [call_1, server]
                    ← call_1 {"value":"391","decimal":"391","exact":true}
                    It is 391.

                    """)
            #expect(result.stderr.contains("2 model calls, 1 tool runs; stop: end_turn"))
        }
    }

    @Test("--json prints tool_call and tool_result events with their part index")
    func serverToolJSON() async throws {
        try await withServer(ScriptedTurnBackend(models: [.scriptedConstrained()], turns: Self.calculatorTurns)) { run in
            let result = try await run(["complete", "--prompt", "17*23?", "--server-tool", "calculator", "--tool-choice", "calculator", "--json"])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let events = try result.stdout.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
            #expect(events.map { $0["type"] as? String } == ["tool_call", "tool_result", "text_delta", "usage", "stop"])
            #expect(events.map { $0["part_index"] as? Int } == [0, 1, 2, 0, 0])
            let call = try #require(events[0]["tool_call"] as? [String: Any])
            #expect(call["name"] as? String == "calculator" && call["server_tool"] as? Bool == true)
            let toolResult = try #require(events[1]["tool_result"] as? [String: Any])
            #expect(toolResult["tool_call_id"] as? String == "call_1" && toolResult["is_error"] as? Bool == false)
            #expect((events[4]["usage"] as? [String: Any])?["model_calls"] as? Int == 2)
        }
    }

    @Test("--tool-file offers client tools; their calls come back to run, unary with --no-stream --json too")
    func clientToolFile() async throws {
        let file = NSTemporaryDirectory() + "flint-tools-\(UUID().uuidString).json"
        try #"[{"name":"lookup_order","description":"Finds an order","parameters":{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}}]"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let turn = ScriptedTurnBackend.Turn.text(writtenCall("lookup_order", #"{"id":"A-17"}"#))
        try await withServer(ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [turn, turn])) { run in
            let text = try await run(["complete", "--prompt", "A-17?", "--tool-file", file, "--tool-choice", "required"])
            #expect(text.status == 0, "stderr: \(text.stderr)")
            #expect(text.stdout == "→ lookup_order {\"id\":\"A-17\"} [call_1, yours to run]\n\n")
            let unary = try await run(["complete", "--prompt", "A-17?", "--tool-file", file, "--tool-choice", "lookup_order", "--no-stream", "--json"])
            #expect(unary.status == 0, "stderr: \(unary.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(unary.stdout.utf8)) as? [String: Any])
            #expect(object["stop_reason"] as? String == "tool_use")
            let content = try #require(object["content"] as? [[String: Any]])
            #expect(content.first?["type"] as? String == "tool_call" && content.first?["arguments"] as? String == #"{"id":"A-17"}"#)
        }
    }

    @Test("a bad tool file is a usage error naming the problem; an unknown server tool is the server's INVALID_ARGUMENT")
    func badToolInput() async throws {
        let file = NSTemporaryDirectory() + "flint-tools-\(UUID().uuidString).json"
        try #"[{"name":"x","schema":{}}]"#.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        try await withServer(ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [])) { run in
            let unknownKey = try await run(["complete", "--prompt", "x", "--tool-file", file])
            #expect(unknownKey.status == 64)
            #expect(unknownKey.stderr.contains("unknown key 'schema'"))
            let missing = try await run(["complete", "--prompt", "x", "--tool-file", "/nonexistent/tools.json"])
            #expect(missing.status == 64)
            let unknownTool = try await run(["complete", "--prompt", "x", "--server-tool", "teleport"])
            #expect(unknownTool.status == 1)
            #expect(unknownTool.stderr.hasPrefix("error: INVALID_ARGUMENT: 'teleport' is not a server tool"))
        }
    }

    @Test("tools list prints a table, --schemas the schemas, --json one array")
    func toolsList() async throws {
        try await withServer(ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [])) { run in
            let table = try await run(["tools", "list"])
            #expect(table.status == 0, "stderr: \(table.stderr)")
            let lines = table.stdout.split(separator: "\n")
            #expect(lines.first?.hasPrefix("TOOL") == true)
            #expect(lines.dropFirst().map { $0.split(separator: " ").first } == ["calculator", "clock", "ocr", "search"])
            #expect(lines[1].contains("builtin") && lines[1].contains("2000 ms"))
            let schemas = try await run(["tools", "list", "--schemas"])
            #expect(schemas.stdout.contains(#"calculator: {"type":"object""#))
            let json = try await run(["tools", "list", "--json"])
            let tools = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
            #expect(tools.map { $0["name"] as? String } == ["calculator", "clock", "ocr", "search"])
            #expect((tools.first?["parameters"] as? [String: Any])?["required"] as? [String] == ["expression"])
        }
    }
}
