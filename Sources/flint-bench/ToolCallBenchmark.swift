import APIServer
import Foundation
import ModelServices
import FlintAPI
import Wire

/// How often the embedded model's constrained tool calls are valid: forced calls of the
/// calculator and of a client tool over a fixed set of questions, at temperature 0,
/// through a real Flint server. A call counts as valid when Flint accepts it on the first
/// model call (it parses, names the tool and matches its schema); with re-asks allowed,
/// when the call ends with a valid call at all.
enum ToolCallBenchmark {
    static let arithmetic = [
        "What is 17 times 23?", "How much is 1234 plus 5678?", "What is 2 to the power of 64?", "Divide 355 by 113.",
        "What is 7 minus 12?", "Compute 99 * 99.", "What is one third of 10?", "How much is 15% of 240?",
        "What is (3 + 4) * 5?", "What is 1000000 divided by 7?", "Add 0.1 and 0.2.", "What is 12 squared?",
        "Is 2^10 greater than 1000?", "What is 365 * 24?", "How many seconds are in 3 hours?", "What is 81 / 9?",
        "What is 6 factorial, as a product?", "Subtract 19 from 100.", "What is 3.5 times 4?", "What is 2^0.5 squared?",
    ]
    static let orders = [
        "Where is order A-17?", "Track my order B-2044.", "Has order C-9 shipped?", "Status of order Z-123456?", "Find order Q-1.",
        "What happened to order M-77?", "Look up order K-3030.", "Is order D-404 delayed?", "Order E-55, where is it?", "Check order T-8.",
    ]
    static let lookup = ToolDefinition(
        name: "lookup_order", description: "Looks up an order by its id, like A-17.",
        parametersJSONSchema: #"{"type":"object","properties":{"order_id":{"type":"string","pattern":"^[A-Z]-[0-9]{1,6}$"}},"required":["order_id"],"additionalProperties":false}"#)

    static func run() async throws -> [Result] {
        let flint = try await RunningFlint.start(models: .embedded)
        defer { Task { await flint.stop() } }
        var results: [Result] = []
        for (name, questions, request) in [
            ("calculator", arithmetic, { (q: String) in calculator(q) }),
            ("client tool lookup_order", orders, { (q: String) in client(q) }),
        ] {
            var first = 0
            var eventually = 0
            for question in questions {
                if try await valid(flint, request(question), maxSteps: 1) { first += 1 }
                if try await valid(flint, request(question), maxSteps: 4) { eventually += 1 }
            }
            results.append(Result(name: "embedded \(name): valid on the first call", value: 100 * Double(first) / Double(questions.count), unit: "% of \(questions.count)"))
            results.append(Result(name: "embedded \(name): valid within 4 steps", value: 100 * Double(eventually) / Double(questions.count), unit: "% of \(questions.count)"))
        }
        return results
    }

    static func calculator(_ question: String) -> CompleteRequest {
        CompleteRequest(
            messages: [Message(role: .user, parts: [.text(TextPart(text: question))])], toolChoice: ToolChoice(mode: .tool, toolName: "calculator"),
            maxTokens: 64, temperature: 0, serverTools: ["calculator"], disableParallelToolCalls: true)
    }

    static func client(_ question: String) -> CompleteRequest {
        CompleteRequest(
            messages: [Message(role: .user, parts: [.text(TextPart(text: question))])], tools: [lookup], toolChoice: ToolChoice(mode: .required),
            maxTokens: 64, temperature: 0, disableParallelToolCalls: true)
    }

    /// Whether the call ended with a tool call Flint accepted (INTERNAL INVALID_TOOL_CALL otherwise).
    static func valid(_ flint: RunningFlint, _ request: CompleteRequest, maxSteps: UInt32) async throws -> Bool {
        var request = request
        request.toolLoop = ToolLoopOptions(maxSteps: maxSteps)
        do {
            let response = try await flint.client.unary(
                Methods.Inference.complete, request: request, options: CallOptions(apiKey: flint.key))
            return response.message.content.contains { if case .toolCall = $0 { true } else { false } }
        } catch let error as RPCError where error.code == .internalError {
            FileHandle.standardError.write(Data("invalid (\(maxSteps) steps): \(error.message)\n".utf8))
            return false
        }
    }
}
