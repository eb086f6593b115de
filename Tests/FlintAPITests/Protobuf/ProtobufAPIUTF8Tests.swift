import Testing
import FlintAPI

/// Ill-formed UTF-8 deep inside an API message throws `.invalidUTF8` naming the message and
/// the path to the field, never the field's value.
@Suite struct ProtobufAPIUTF8Tests {
    /// A field of `number` holding `bytes`, length-delimited.
    private func field(_ number: UInt8, _ bytes: [UInt8]) -> [UInt8] {
        precondition(bytes.count < 128)
        return [number << 3 | 2, UInt8(bytes.count)] + bytes
    }

    private static let bad = Array("SECRET".utf8) + [0xFF]

    private func expectInvalid<T: ProtobufMessage>(
        _ type: T.Type, _ bytes: [UInt8], messageType: String, path: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = decodeError(type, bytes)
        #expect(error?.code == .invalidUTF8, sourceLocation: sourceLocation)
        #expect(error?.messageType == messageType, sourceLocation: sourceLocation)
        #expect(error?.fieldPath == path, sourceLocation: sourceLocation)
        #expect(error?.message.contains(path) == true, sourceLocation: sourceLocation)
        #expect(error?.message.contains("SECRET") == false, sourceLocation: sourceLocation)
    }

    @Test("in a tool result's text inside a message part of a CompleteRequest")
    func completeRequestToolResult() {
        // messages[1].parts[0].tool_result.content[1].text.text
        let toolResultPart = field(1, field(1, Self.bad))
        let toolResult = field(2, []) + field(2, toolResultPart)
        let part = field(4, toolResult)
        let message = field(2, part)
        let bytes = field(3, []) + field(3, message)
        expectInvalid(
            CompleteRequest.self, bytes, messageType: "flint.v1.TextPart",
            path: "messages[1].parts[0].tool_result.content[1].text.text")
    }

    @Test("in an image's media type, a tool's schema and a stop sequence")
    func otherRequestFields() {
        let image = field(3, field(2, field(2, field(2, Self.bad))))
        expectInvalid(
            CompleteRequest.self, image, messageType: "flint.v1.ImagePart",
            path: "messages[0].parts[0].image.media_type")
        let tool = field(4, field(3, Self.bad))
        expectInvalid(
            CompleteRequest.self, tool, messageType: "flint.v1.ToolDefinition",
            path: "tools[0].parameters_json_schema")
        let stop = field(9, Array("ok".utf8)) + field(9, Self.bad)
        expectInvalid(
            CompleteRequest.self, stop, messageType: "flint.v1.CompleteRequest",
            path: "stop_sequences[1]")
    }

    @Test("in each kind of streamed event")
    func events() {
        expectInvalid(
            CompletionEvent.self, field(5, field(3, Self.bad)), messageType: "flint.v1.ToolCall",
            path: "tool_call.arguments_json")
        expectInvalid(
            CompletionEvent.self, field(8, field(4, Self.bad)), messageType: "flint.v1.Stop",
            path: "stop.model")
        expectInvalid(
            AgentEvent.self, field(4, field(3, Self.bad)), messageType: "flint.v1.SubtaskDelta",
            path: "subtask_delta.text")
        expectInvalid(
            AgentEvent.self, field(2, field(1, field(3, Self.bad))),
            messageType: "flint.v1.Subtask", path: "plan.subtasks[0].depends_on[0]")
    }

    @Test("in admin messages")
    func admin() {
        expectInvalid(
            ListKeysResponse.self, field(1, []) + field(1, field(4, Self.bad)),
            messageType: "flint.v1.KeyInfo", path: "keys[1].scopes[0]")
        expectInvalid(
            RotateKeyResponse.self, field(3, field(10, Self.bad)), messageType: "flint.v1.KeyInfo",
            path: "previous.rotated_from")
        expectInvalid(
            SetQuotaRequest.self, field(2, Self.bad), messageType: "flint.v1.SetQuotaRequest",
            path: "partner")
        expectInvalid(
            GetUsageResponse.self, field(1, field(5, Self.bad)), messageType: "flint.v1.UsageRow",
            path: "rows[0].method")
    }
}
