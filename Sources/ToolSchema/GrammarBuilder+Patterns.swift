/// The one kind of `pattern` the grammar encodes: a whole string of characters from one
/// class, `^[...]$`, `^[...]+$`, `^[...]*$`, `^[...]{m}$`, `^[...]{m,}$` or `^[...]{m,n}$`,
/// whose members are printable ASCII other than `"` and `\` (so they stand for themselves
/// inside a JSON string). Any other pattern is enforced by the validator only.
struct CharacterClassPattern: Equatable {
    /// The class in GBNF, e.g. `[0-9+\-*/]`.
    var gbnfClass: String
    var minimum: Int
    var maximum: Int?

    init?(_ pattern: String) {
        var scalars = Array(pattern.unicodeScalars)
        guard scalars.count >= 5, scalars.first == "^", scalars.last == "$", scalars[1] == "[" else { return nil }
        scalars = Array(scalars[2..<(scalars.count - 1)])
        guard let (members, rest) = Self.members(scalars), !members.isEmpty, let (minimum, maximum) = Self.quantifier(rest) else { return nil }
        self.gbnfClass = "[" + members.map(Self.gbnf).joined() + "]"
        self.minimum = minimum
        self.maximum = maximum
    }

    /// A class member: one character or a range.
    private enum Member {
        case character(Unicode.Scalar)
        case range(Unicode.Scalar, Unicode.Scalar)
    }

    /// The class's members up to its `]`, and what follows it.
    private static func members(_ scalars: [Unicode.Scalar]) -> ([Member], ArraySlice<Unicode.Scalar>)? {
        var members: [Member] = []
        var index = 0
        func next() -> Unicode.Scalar? {
            guard index < scalars.count else { return nil }
            defer { index += 1 }
            if scalars[index] == "\\" {
                index += 1
                guard index < scalars.count, "-]\\^.[/+*?(){}|$".unicodeScalars.contains(scalars[index]) else { return nil }
            }
            return scalars[index]
        }
        guard index < scalars.count, scalars[index] != "^" else { return nil }  // negated classes are not encoded
        while index < scalars.count, scalars[index] != "]" {
            guard let first = next(), allowed(first) else { return nil }
            if index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] != "]" {
                index += 1
                guard let last = next(), allowed(last), first.value <= last.value else { return nil }
                members.append(.range(first, last))
            } else {
                members.append(.character(first))
            }
        }
        guard index < scalars.count else { return nil }
        return (members, scalars[(index + 1)...])
    }

    private static func allowed(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x20 && scalar.value < 0x7F && scalar != "\"" && scalar != "\\"
    }

    private static func quantifier(_ rest: ArraySlice<Unicode.Scalar>) -> (Int, Int?)? {
        let text = String(String.UnicodeScalarView(rest))
        switch text {
        case "": return (1, 1)
        case "+": return (1, nil)
        case "*": return (0, nil)
        default:
            guard text.hasPrefix("{"), text.hasSuffix("}") else { return nil }
            let bounds = text.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
            guard let low = bounds.first.flatMap({ Int($0) }) else { return nil }
            if bounds.count == 1 { return (low, low) }
            guard bounds.count == 2 else { return nil }
            if bounds[1].isEmpty { return (low, nil) }
            guard let high = Int(bounds[1]), high >= low else { return nil }
            return (low, high)
        }
    }

    private static func gbnf(_ member: Member) -> String {
        switch member {
        case .character(let scalar): escaped(scalar)
        case .range(let first, let last): escaped(first) + "-" + escaped(last)
        }
    }

    /// llama.cpp escapes `-`, `[` and `]` in a class; `^` is written in hex, so it is never
    /// read as a negation.
    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        if scalar == "^" { return "\\x5E" }
        return "-][".unicodeScalars.contains(scalar) ? "\\" + String(scalar) : String(scalar)
    }
}
