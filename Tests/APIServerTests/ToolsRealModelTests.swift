import Foundation
import Testing
import FlintAPI
import Wire

/// Tool use on the real embedded model (Gemma 3 270M cannot call tools itself: Flint
/// constrains its output with a grammar), through the real server and TLS. Runs with the
/// real-model group.
extension InferenceEndToEndTests {
    static func forcedCalculator() -> CompleteRequest {
        CompleteRequest(
            messages: [Message(role: .user, parts: [.text(TextPart(text: "What is 17 times 23?"))])],
            toolChoice: ToolChoice(mode: .tool, toolName: "calculator"), maxTokens: 48, temperature: 0, serverTools: ["calculator"],
            toolLoop: ToolLoopOptions(maxSteps: 2))
    }

    /// The exact value of a calculator expression, computed apart from Flint (Python's
    /// Fraction over the expression's syntax tree), as the calculator writes it.
    static func oracle(_ expression: String) async throws -> String {
        let program = """
            import ast, sys
            from fractions import Fraction
            def ev(n):
                if isinstance(n, ast.Expression): return ev(n.body)
                if isinstance(n, ast.Constant): return Fraction(str(n.value))
                if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub): return -ev(n.operand)
                if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.UAdd): return ev(n.operand)
                ops = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
                       ast.Div: lambda a, b: a / b, ast.Pow: lambda a, b: a ** int(b)}
                if isinstance(n, ast.BinOp): return ops[type(n.op)](ev(n.left), ev(n.right))
                raise ValueError(ast.dump(n))
            v = ev(ast.parse(sys.argv[1].replace('^', '**'), mode='eval'))
            print(v.numerator if v.denominator == 1 else f"{v.numerator}/{v.denominator}")
            """
        let result = try await Executables.runSystem("/usr/bin/env", ["python3", "-c", program, expression])
        #expect(result.status == 0, "python: \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("a forced calculator call on the embedded model: a schema-valid call, the exact result, the same in Complete and StreamComplete")
    func forcedCalculatorOnTheEmbeddedModel() async throws {
        try await Self.withModel { _, connection, key, admin in
            let unary = try await connection.unary(
                "/flint.v1.Inference/Complete", request: Self.forcedCalculator(), options: CallOptions(apiKey: key), responseType: CompleteResponse.self
            ).message
            let events = try await Self.stream(connection, key: key, Self.forcedCalculator())
            #expect(ToolsEndToEndTests.content(of: events) == unary.content)
            guard case .stop(let stop) = events.last?.event else {
                Issue.record("the last event is not stop")
                return
            }
            #expect(stop.reason == unary.stopReason)
            #expect([StopReason.endTurn, .maxTokens, .toolStepLimit].contains(unary.stopReason))

            guard case .toolCall(let call) = unary.content.first, case .toolResult(let result) = unary.content.dropFirst().first else {
                Issue.record("the answer does not start with a calculator call and its result: \(unary.content)")
                return
            }
            #expect(call.name == "calculator" && call.serverTool && result.toolCallID == call.id)
            let arguments = try #require(try JSONSerialization.jsonObject(with: Data(call.argumentsJSON.utf8)) as? [String: Any])
            #expect(Array(arguments.keys) == ["expression"])
            let expression = try #require(arguments["expression"] as? String)
            #expect(!result.isError, "calculator error for '\(expression)': \(result.content)")
            let value = try #require(
                try JSONSerialization.jsonObject(with: Data(CompletionText.of(result).utf8)) as? [String: Any])
            #expect(value["value"] as? String == (try await Self.oracle(expression)))

            let usage = try #require(unary.usage)
            #expect(usage.modelCalls == 2 && usage.toolCalls == 1)
            #expect(usage.inputTokens > 0 && usage.outputTokens > 0)
            try await Task.sleep(for: .milliseconds(1500))
            let rows = try await admin.usage(partner: "acme", groupBy: [.method]).rows
            let row = try #require(rows.first { $0.method == "/flint.v1.Inference/Complete" })
            #expect(row.inputTokens == usage.inputTokens && row.outputTokens == usage.outputTokens)
        }
    }

    @Test("a client tool on the embedded model: a schema-valid call comes back with TOOL_USE, its result gets an answer")
    func clientToolOnTheEmbeddedModel() async throws {
        try await Self.withModel { _, connection, key, _ in
            let tool = ToolDefinition(
                name: "lookup_order", description: "Looks up an order by its id.",
                parametersJSONSchema:
                    #"{"type":"object","properties":{"order_id":{"type":"string","maxLength":20}},"required":["order_id"],"additionalProperties":false}"#)
            let question = Message(role: .user, parts: [.text(TextPart(text: "Where is my order A-17?"))])
            let request = CompleteRequest(messages: [question], tools: [tool], toolChoice: ToolChoice(mode: .required), maxTokens: 48, temperature: 0)
            let first = try await connection.unary(
                "/flint.v1.Inference/Complete", request: request, options: CallOptions(apiKey: key), responseType: CompleteResponse.self
            ).message
            #expect(first.stopReason == .toolUse)
            guard case .toolCall(let call) = first.content.first else {
                Issue.record("no tool call: \(first.content)")
                return
            }
            #expect(call.name == "lookup_order" && !call.serverTool)
            let arguments = try #require(try JSONSerialization.jsonObject(with: Data(call.argumentsJSON.utf8)) as? [String: Any])
            #expect(arguments["order_id"] is String && arguments.count == 1)

            let answer = Message(role: .user, parts: [.toolResult(ToolResult(toolCallID: call.id, content: [.text(TextPart(text: "shipped on Monday"))]))])
            let followUp = CompleteRequest(
                messages: [question, Message(role: .assistant, parts: first.content), answer], tools: [tool], toolChoice: ToolChoice(mode: .none),
                maxTokens: 24,
                temperature: 0)
            let second = try await connection.unary(
                "/flint.v1.Inference/Complete", request: followUp, options: CallOptions(apiKey: key), responseType: CompleteResponse.self
            ).message
            #expect([StopReason.endTurn, .maxTokens].contains(second.stopReason))
            #expect(second.content.allSatisfy { if case .text = $0 { true } else { false } })
            #expect(!second.content.isEmpty)
        }
    }
}

/// Text of a tool result.
enum CompletionText {
    static func of(_ result: ToolResult) -> String {
        result.content.compactMap { part -> String? in
            if case .text(let text) = part { return text.text }
            return nil
        }.joined()
    }
}
