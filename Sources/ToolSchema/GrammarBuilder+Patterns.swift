/// The kind of `pattern` the grammar encodes: a whole string (`^…$`) that is a sequence of
/// atoms — a character class `[…]` or one literal character — each with an optional
/// quantifier `?`, `*`, `+`, `{m}`, `{m,}` or `{m,n}`; for example `^[0-9+\-*/ ]+$` or
/// `^[A-Z]-[0-9]{1,6}$`. Every character must be printable ASCII other than `"` and `\`
/// (so it stands for itself inside a JSON string). Any other pattern (groups, alternation,
/// negated classes, `.`, shorthand classes like `\d`) is enforced by the validator only.
struct SimplePattern: Equatable {
    /// One atom and how often it repeats.
    struct Piece: Equatable {
        /// The atom in GBNF: a class like `[0-9]` or a literal like `"-"`.
        var gbnf: String
        var minimum: Int
        var maximum: Int?
    }

    var pieces: [Piece]

    init?(_ pattern: String) {
        let scalars = Array(pattern.unicodeScalars)
        guard scalars.count >= 3, scalars.first == "^", scalars.last == "$" else { return nil }
        var reader = Reader(scalars: scalars[1..<(scalars.count - 1)])
        var pieces: [Piece] = []
        while !reader.isAtEnd {
            guard let atom = reader.atom(), let (minimum, maximum) = reader.quantifier() else { return nil }
            pieces.append(Piece(gbnf: atom, minimum: minimum, maximum: maximum))
        }
        guard !pieces.isEmpty else { return nil }
        self.pieces = pieces
    }

    /// The GBNF of the whole string's characters (without the quotes). A single piece is
    /// also held to `minLength`/`maxLength`, which then count its repetitions. Counts above
    /// `cap` are left unbounded (the validator still checks them).
    func gbnf(minLength: Int?, maxLength: Int?, cap: Int) -> String {
        if pieces.count == 1 {
            var piece = pieces[0]
            piece.minimum = max(piece.minimum, minLength ?? 0)
            piece.maximum = [piece.maximum, maxLength].compactMap { $0 }.min()
            return Self.gbnf(piece, cap: cap)
        }
        return pieces.map { Self.gbnf($0, cap: cap) }.joined(separator: " ")
    }

    private static func gbnf(_ piece: Piece, cap: Int) -> String {
        let minimum = min(piece.minimum, cap)
        switch piece.maximum {
        case 1 where minimum == 1: return piece.gbnf
        case let maximum? where maximum <= cap: return piece.gbnf + "{\(minimum),\(max(minimum, maximum))}"
        default: return piece.gbnf + "{\(minimum),}"
        }
    }
}

/// Reads a pattern's atoms and quantifiers.
private struct Reader {
    var scalars: ArraySlice<Unicode.Scalar>

    var isAtEnd: Bool { scalars.isEmpty }

    /// Characters that stand for themselves only when escaped.
    static let special = Set("\\^$.|?*+()[]{}/-".unicodeScalars)

    mutating func atom() -> String? {
        guard let first = scalars.popFirst() else { return nil }
        switch first {
        case "[": return characterClass()
        case "\\":
            guard let escaped = scalars.popFirst(), Self.special.contains(escaped), Self.allowed(escaped) else { return nil }
            return GBNFText.literal(String(escaped))
        default:
            guard !Self.special.contains(first) || first == "-" || first == "/", Self.allowed(first) else { return nil }
            return GBNFText.literal(String(first))
        }
    }

    /// The rest of a class after its `[`, as a GBNF class.
    private mutating func characterClass() -> String? {
        guard scalars.first != "^" else { return nil }  // negated classes are not encoded
        var members = ""
        while let next = member() {
            if scalars.first == "-", scalars.dropFirst().first.map({ $0 != "]" }) == true {
                scalars.removeFirst()
                guard let last = member(), next.value <= last.value else { return nil }
                members += Self.escaped(next) + "-" + Self.escaped(last)
            } else {
                members += Self.escaped(next)
            }
        }
        guard scalars.popFirst() == "]", !members.isEmpty else { return nil }
        return "[" + members + "]"
    }

    /// One class member, or nil at the class's `]` (or on anything not encodable).
    private mutating func member() -> Unicode.Scalar? {
        guard let first = scalars.first, first != "]" else { return nil }
        scalars.removeFirst()
        var scalar = first
        if first == "\\" {
            guard let escaped = scalars.popFirst(), Self.special.contains(escaped) else { return nil }
            scalar = escaped
        } else if first == "[" {
            return nil
        }
        return Self.allowed(scalar) ? scalar : nil
    }

    mutating func quantifier() -> (Int, Int?)? {
        switch scalars.first {
        case "?": scalars.removeFirst(); return (0, 1)
        case "*": scalars.removeFirst(); return (0, nil)
        case "+": scalars.removeFirst(); return (1, nil)
        case "{": return bounds()
        default: return (1, 1)
        }
    }

    private mutating func bounds() -> (Int, Int?)? {
        guard let close = scalars.firstIndex(of: "}") else { return nil }
        let text = String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<close]))
        scalars = scalars[scalars.index(after: close)...]
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard let low = parts.first.flatMap({ Int($0) }), low >= 0 else { return nil }
        if parts.count == 1 { return (low, low) }
        guard parts.count == 2 else { return nil }
        if parts[1].isEmpty { return (low, nil) }
        guard let high = Int(parts[1]), high >= low else { return nil }
        return (low, high)
    }

    static func allowed(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x20 && scalar.value < 0x7F && scalar != "\"" && scalar != "\\"
    }

    /// llama.cpp escapes `-`, `[` and `]` in a class; `^` is written in hex, so it is never
    /// read as a negation.
    static func escaped(_ scalar: Unicode.Scalar) -> String {
        if scalar == "^" { return "\\x5E" }
        return "-][".unicodeScalars.contains(scalar) ? "\\" + String(scalar) : String(scalar)
    }
}
