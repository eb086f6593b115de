/// Spelling helpers for llama.cpp GBNF.
enum GBNFText {
    /// `text` as a GBNF string literal: quoted, with `"`, `\`, CR, LF, tab and other control characters escaped.
    static func literal(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{0}"..."\u{1F}", "\u{7F}": output += "\\x" + hex(scalar.value, width: 2)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    /// `value` in upper-case hex, zero-padded to `width` digits.
    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Alternatives, grouped when there is more than one.
    static func alternatives(_ choices: [String]) -> String {
        choices.count == 1 ? choices[0] : "( " + choices.joined(separator: " | ") + " )"
    }
}

/// The JSON rules every grammar shares. All compact: no whitespace between tokens.
enum GBNFJSONRules {
    static let value = "json-value"
    static let object = "json-object"
    static let string = "json-string"
    static let char = "json-char"
    static let integer = "json-integer"
    static let number = "json-number"
    static let boolean = "json-boolean"
    static let null = "json-null"
    /// A rule that matches nothing, for the `false` schema and `enum`s no value of which fits the rest of the schema.
    static let never = "json-never"

    /// The definitions, in order.
    static let definitions: [(name: String, body: String)] = [
        (value, "json-object | json-array | json-string | json-number | json-boolean | json-null"),
        (object, #""{" ( json-string ":" json-value ( "," json-string ":" json-value )* )? "}""#),
        ("json-array", #""[" ( json-value ( "," json-value )* )? "]""#),
        (string, #""\"" json-char* "\"""#),
        // Escapes exclude \uD800-\uDFFF: a lone surrogate would not parse; other scalars can be written raw.
        (char, #"[^"\\\x00-\x1F] | "\\" ( ["\\/bfnrt] | "u" ( [0-9a-cA-CefEF] [0-9a-fA-F]{3} | [dD] [0-7] [0-9a-fA-F]{2} ) )"#),
        (integer, #""-"? ( "0" | [1-9] [0-9]{0,15} )"#),
        (number, #"json-integer ( "." [0-9]{1,16} )? ( [eE] [-+]? [0-9]{1,3} )?"#),
        (boolean, #""true" | "false""#),
        (null, #""null""#),
        (never, #"[^\x00-\U0010FFFF]"#),
    ]
}
