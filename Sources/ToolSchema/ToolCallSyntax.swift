/// The text syntax of tool calls for models that cannot call tools natively (see ``ToolGrammar``):
/// `<tool_call>{"name":"NAME","arguments":{...}}</tool_call>`, one or more, separated by whitespace.
public enum ToolCallSyntax {
    /// The opening tag.
    public static let open = "<tool_call>"
    /// The closing tag.
    public static let close = "</tool_call>"

    /// One call as the model writes it: `<tool_call>{"name":NAME,"arguments":ARGS}</tool_call>`, compact JSON,
    /// `NAME` a JSON string and `ARGS` = `arguments.serialized()`.
    public static func render(name: String, arguments: JSONValue) -> String {
        let call: JSONValue = ["name": .string(name), "arguments": arguments]
        return open + call.serialized() + close
    }

    /// Reads a model's output.
    ///
    /// Output that, after trimming leading and trailing Unicode whitespace, does not start with ``open`` is `.text` (the
    /// original, untrimmed output). Otherwise it must be one or more calls separated by optional JSON whitespace
    /// (space, tab, CR, LF): ``open``, a JSON object with exactly the members `"name"` (a string) and `"arguments"`
    /// (an object), in either order, optionally surrounded by JSON whitespace, then ``close``; anything else is
    /// `.malformed` with the reason. `limits` bound the whole output and each call's JSON.
    public static func parse(_ output: String, limits: JSONParser.Limits = .init()) -> ParsedOutput {
        let scalars = output.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }),
            String(scalars[first...last]).hasPrefix(open)
        else {
            return .text(output)
        }
        let bytes = Array(String(scalars[first...last]).utf8)
        guard bytes.count <= limits.maxBytes else {
            return .malformed("the output is \(bytes.count) bytes, more than the limit of \(limits.maxBytes)")
        }
        var reader = CallReader(bytes: bytes, limits: limits)
        do {
            return .toolCalls(try reader.readCalls())
        } catch {
            return .malformed(error.reason)
        }
    }
}

/// How ``ToolCallSyntax/parse(_:limits:)`` read a model's output.
public enum ParsedOutput: Sendable, Hashable {
    /// A plain answer: the output, untrimmed.
    case text(String)
    /// One or more tool calls, in order.
    case toolCalls([ParsedToolCall])
    /// Output that starts like a tool call but is not well-formed; the reason says what is wrong.
    case malformed(String)
}

/// One tool call read from a model's output.
public struct ParsedToolCall: Sendable, Hashable {
    /// The tool's name.
    public var name: String
    /// The arguments; always an object.
    public var arguments: JSONValue

    /// A call of `name` with `arguments`.
    public init(name: String, arguments: JSONValue) {
        self.name = name
        self.arguments = arguments
    }
}

/// Why a tool-call output is malformed.
struct MalformedCall: Error {
    var reason: String
}

/// Reads tool calls from trimmed output bytes.
struct CallReader {
    let bytes: [UInt8]
    let limits: JSONParser.Limits
    var position = 0

    init(bytes: [UInt8], limits: JSONParser.Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func readCalls() throws(MalformedCall) -> [ParsedToolCall] {
        var calls: [ParsedToolCall] = []
        while position < bytes.count {
            let number = calls.count + 1
            guard consume(ToolCallSyntax.open) else {
                throw MalformedCall(reason: "expected \(ToolCallSyntax.open) at byte \(position) (call \(number))")
            }
            let value: JSONValue
            do {
                (value, position) = try JSONParser.parsePrefix(bytes, from: position, limits: limits)
            } catch {
                throw MalformedCall(reason: "call \(number): invalid JSON: \(error)")
            }
            skipWhitespace()
            guard consume(ToolCallSyntax.close) else {
                throw MalformedCall(reason: "call \(number): expected \(ToolCallSyntax.close) after the JSON object")
            }
            calls.append(try Self.call(from: value, number: number))
            skipWhitespace()
        }
        return calls
    }

    private static func call(from value: JSONValue, number: Int) throws(MalformedCall) -> ParsedToolCall {
        guard let object = value.objectValue else { throw MalformedCall(reason: "call \(number): expected a JSON object") }
        guard let name = object["name"]?.stringValue else {
            throw MalformedCall(reason: "call \(number): \"name\" must be present and a string")
        }
        guard let arguments = object["arguments"], arguments.objectValue != nil else {
            throw MalformedCall(reason: "call \(number): \"arguments\" must be present and an object")
        }
        guard object.count == 2 else {
            throw MalformedCall(reason: "call \(number): only \"name\" and \"arguments\" are allowed")
        }
        return ParsedToolCall(name: name, arguments: arguments)
    }

    private mutating func consume(_ literal: String) -> Bool {
        let expected = Array(literal.utf8)
        guard bytes.count - position >= expected.count, bytes[position..<(position + expected.count)].elementsEqual(expected) else {
            return false
        }
        position += expected.count
        return true
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }
}
