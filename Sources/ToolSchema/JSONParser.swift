/// A strict RFC 8259 JSON parser: no comments, trailing commas, `NaN`, leading zeros or trailing garbage;
/// whitespace (space, tab, CR, LF) allowed around tokens; duplicate object keys refused; lone surrogates
/// in `\u` escapes refused.
///
/// Iterative (an explicit stack, no recursion), so nesting is bounded by ``Limits/maxDepth`` and
/// never by the thread's stack.
public struct JSONParser {
    /// Bounds on what the parser accepts.
    public struct Limits: Sendable, Hashable {
        /// The most UTF-8 bytes of text accepted. Default 1 MiB.
        public var maxBytes: Int
        /// The deepest nesting of arrays and objects accepted (`[[1]]` has depth 2). Default 64.
        public var maxDepth: Int
        /// The most UTF-8 bytes in one decoded string (keys included), or `nil` for no bound beyond `maxBytes`.
        public var maxStringBytes: Int?

        /// Limits with the given bounds.
        public init(maxBytes: Int = 1 << 20, maxDepth: Int = 64, maxStringBytes: Int? = nil) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
            self.maxStringBytes = maxStringBytes
        }
    }

    /// Parses `text` as one JSON value, with optional whitespace around it.
    public static func parse(_ text: String, limits: Limits = .init()) throws(JSONParseError) -> JSONValue {
        let bytes = Array(text.utf8)
        guard bytes.count <= limits.maxBytes else {
            throw JSONParseError(offset: 0, message: "text is \(bytes.count) bytes, more than the limit of \(limits.maxBytes)")
        }
        var scanner = JSONScanner(bytes: bytes, limits: limits)
        let value = try scanner.parseValue()
        scanner.skipWhitespace()
        guard scanner.position == bytes.count else {
            throw JSONParseError(offset: scanner.position, message: "unexpected text after the JSON value")
        }
        return value
    }

    /// Parses one JSON value that starts at `start` (after optional whitespace) and returns it with the offset just past it.
    /// Text after the value is left alone.
    static func parsePrefix(_ bytes: [UInt8], from start: Int, limits: Limits) throws(JSONParseError) -> (value: JSONValue, end: Int) {
        var scanner = JSONScanner(bytes: bytes, limits: limits)
        scanner.position = start
        let value = try scanner.parseValue()
        return (value, scanner.position)
    }
}
