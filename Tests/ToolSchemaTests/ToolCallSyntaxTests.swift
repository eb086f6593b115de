import Testing

@testable import ToolSchema

@Suite struct ToolCallSyntaxTests {
    @Test func rendersExactly() {
        let text = ToolCallSyntax.render(name: "get_weather", arguments: ["city": "Paris", "days": 2])
        #expect(text == #"<tool_call>{"name":"get_weather","arguments":{"city":"Paris","days":2}}</tool_call>"#)
    }

    @Test func roundTripsRenderedCalls() {
        let calls = [
            ParsedToolCall(name: "a", arguments: ["x": "</tool_call>", "y": [1, nil]]),
            ParsedToolCall(name: "b \"q\"", arguments: [:]),
        ]
        let text = calls.map { ToolCallSyntax.render(name: $0.name, arguments: $0.arguments) }.joined(separator: "\n")
        #expect(ToolCallSyntax.parse(text) == .toolCalls(calls))
        #expect(ToolCallSyntax.parse("  \n" + text + "\n\n ") == .toolCalls(calls))
        let spaced = #"<tool_call> {"arguments": {}, "name": "a"} </tool_call>  <tool_call>{"name":"b","arguments":{}}</tool_call>"#
        #expect(ToolCallSyntax.parse(spaced) == .toolCalls([ParsedToolCall(name: "a", arguments: [:]), ParsedToolCall(name: "b", arguments: [:])]))
    }

    @Test func plainTextIsText() {
        #expect(ToolCallSyntax.parse("  Hello <tool_call>") == .text("  Hello <tool_call>"))
        #expect(ToolCallSyntax.parse("") == .text(""))
        #expect(ToolCallSyntax.parse("<tool_cal") == .text("<tool_cal"))
    }

    @Test(arguments: [
        #"<tool_call>{"name":"a","arguments":{}}</tool_call> trailing"#,
        #"<tool_call>{"name":"a","arguments":{}}"#,
        #"<tool_call>{"name":"a","arguments":{}}</tool_call>x<tool_call>{"name":"a","arguments":{}}</tool_call>"#,
        #"<tool_call>{"name":"a"}</tool_call>"#,
        #"<tool_call>{"name":"a","arguments":[]}</tool_call>"#,
        #"<tool_call>{"name":1,"arguments":{}}</tool_call>"#,
        #"<tool_call>{"name":"a","arguments":{},"id":1}</tool_call>"#,
        #"<tool_call>{"name":"a","arguments":{},}</tool_call>"#,
        #"<tool_call>{"name":"a","name":"b","arguments":{}}</tool_call>"#,
        #"<tool_call>["a"]</tool_call>"#,
        #"<tool_call></tool_call>"#,
    ])
    func malformed(text: String) {
        guard case .malformed(let reason) = ToolCallSyntax.parse(text) else {
            Issue.record("expected malformed: \(text)")
            return
        }
        #expect(!reason.isEmpty)
    }

    @Test func respectsLimits() {
        let text = ToolCallSyntax.render(name: "a", arguments: ["x": [[[1]]]])
        guard case .malformed = ToolCallSyntax.parse(text, limits: .init(maxDepth: 3)) else {
            Issue.record("expected a depth error")
            return
        }
        guard case .toolCalls = ToolCallSyntax.parse(text, limits: .init(maxDepth: 5)) else {
            Issue.record("expected calls")
            return
        }
    }
}
