/// The parser's cursor over UTF-8 bytes; builds values with an explicit stack of open containers.
struct JSONScanner {
    let bytes: [UInt8]
    let limits: JSONParser.Limits
    var position = 0

    /// An array or object being filled in.
    private enum Frame {
        case array([JSONValue])
        case object(JSONObject, key: String, keyOffset: Int)
    }

    init(bytes: [UInt8], limits: JSONParser.Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// Parses one value (skipping whitespace before it) and leaves `position` just past it.
    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        var stack: [Frame] = []
        parsing: while true {
            skipWhitespace()
            var value: JSONValue
            switch peek() {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                guard stack.count < limits.maxDepth else {
                    throw error("nesting is deeper than the limit of \(limits.maxDepth)")
                }
                switch try open() {
                case .open(let frame):
                    stack.append(frame)
                    continue parsing
                case .closed(let empty):
                    value = empty
                }
            default:
                value = try parseScalar()
            }
            while let frame = stack.popLast() {
                switch try attach(value, to: frame) {
                case .open(let reopened):
                    stack.append(reopened)
                    continue parsing
                case .closed(let finished):
                    value = finished
                }
            }
            return value
        }
    }

    /// Consumes `[` or `{`: the empty container if it closes at once, else the new open frame
    /// (for an object, with its first key read).
    private mutating func open() throws(JSONParseError) -> Attached {
        let isArray = peek() == UInt8(ascii: "[")
        position += 1
        skipWhitespace()
        if isArray {
            guard peek() == UInt8(ascii: "]") else { return .open(.array([])) }
            position += 1
            return .closed(.array([]))
        }
        if peek() == UInt8(ascii: "}") {
            position += 1
            return .closed(.object(JSONObject()))
        }
        let (key, keyOffset) = try parseKeyAndColon()
        return .open(.object(JSONObject(), key: key, keyOffset: keyOffset))
    }

    private enum Attached {
        case open(Frame)
        case closed(JSONValue)
    }

    /// Adds a finished value to its container, then reads `,` (container stays open) or the closing bracket.
    private mutating func attach(_ value: JSONValue, to frame: Frame) throws(JSONParseError) -> Attached {
        skipWhitespace()
        switch frame {
        case .array(var elements):
            elements.append(value)
            if try consumeSeparator(closing: UInt8(ascii: "]")) { return .open(.array(elements)) }
            return .closed(.array(elements))
        case .object(var object, let key, let keyOffset):
            guard object.insertNew(key: key, value: value) else {
                throw JSONParseError(offset: keyOffset, message: "duplicate object key \"\(key)\"")
            }
            if try consumeSeparator(closing: UInt8(ascii: "}")) {
                skipWhitespace()
                let (nextKey, nextOffset) = try parseKeyAndColon()
                return .open(.object(object, key: nextKey, keyOffset: nextOffset))
            }
            return .closed(.object(object))
        }
    }

    /// `true` after a `,`, `false` after the closing bracket; anything else is an error.
    private mutating func consumeSeparator(closing: UInt8) throws(JSONParseError) -> Bool {
        switch peek() {
        case UInt8(ascii: ","):
            position += 1
            skipWhitespace()
            if peek() == closing { throw error("trailing comma") }
            return true
        case closing:
            position += 1
            return false
        case nil:
            throw error("unexpected end of text, expected ',' or '\(Character(Unicode.Scalar(closing)))'")
        default:
            throw error("expected ',' or '\(Character(Unicode.Scalar(closing)))'")
        }
    }

    private mutating func parseKeyAndColon() throws(JSONParseError) -> (String, Int) {
        let offset = position
        guard peek() == UInt8(ascii: "\"") else {
            throw error(peek() == nil ? "unexpected end of text, expected an object key" : "expected a string object key")
        }
        let key = try parseString()
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
        position += 1
        return (key, offset)
    }

    private mutating func parseScalar() throws(JSONParseError) -> JSONValue {
        guard let byte = peek() else { throw error("unexpected end of text, expected a value") }
        switch byte {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseWord("true", .bool(true))
        case UInt8(ascii: "f"): return try parseWord("false", .bool(false))
        case UInt8(ascii: "n"): return try parseWord("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character, expected a value")
        }
    }

    private mutating func parseWord(_ word: String, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
        for byte in word.utf8 {
            guard peek() == byte else { throw error("invalid literal, expected \(word)") }
            position += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        guard let end = NumberLiteral.scan(bytes, from: position) else {
            throw error("invalid number")
        }
        if let next = end < bytes.count ? bytes[end] : nil, NumberLiteral.isDigit(next) {
            throw error("invalid number: leading zeros are not allowed")
        }
        let literal = String(decoding: bytes[position..<end], as: UTF8.self)
        position = end
        return .number(JSONNumber(validatedLiteral: literal))
    }

    func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            position += 1
        }
    }

    func error(_ message: String) -> JSONParseError {
        JSONParseError(offset: position, message: message)
    }
}
