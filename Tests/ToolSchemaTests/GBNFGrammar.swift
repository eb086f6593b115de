/// A test-only llama.cpp GBNF reader (same syntax rules as llama.cpp's `llama_grammar_parser`), with a
/// recognizer (sets of end positions, memoized per rule) and a random sampler.
struct GBNFGrammar {
    indirect enum Expr {
        case literal([UInt32])
        case charClass(negated: Bool, ranges: [ClosedRange<UInt32>])
        case any
        case ref(String)
        case sequence([Expr])
        case alternatives([Expr])
        case repeated(Expr, min: Int, max: Int?)
    }

    struct SyntaxError: Error, CustomStringConvertible {
        var description: String
    }

    private(set) var rules: [String: Expr] = [:]
    private(set) var ruleOrder: [String] = []
    private(set) var references: Set<String> = []

    init(parsing text: String) throws {
        var reader = Reader(text: Array(text.unicodeScalars).map(\.value))
        reader.skipSpace(newlineOK: true)
        while !reader.atEnd {
            let (name, body) = try reader.rule()
            guard rules[name] == nil else { throw SyntaxError(description: "rule \(name) defined twice") }
            rules[name] = body
            ruleOrder.append(name)
        }
        references = reader.references
    }

    /// Referenced rules that are not defined.
    var undefinedReferences: Set<String> { references.subtracting(rules.keys) }

    /// Whether `text` is in the language of `root`.
    func accepts(_ text: String, start: String = "root") -> Bool {
        var matcher = Matcher(rules: rules, input: Array(text.unicodeScalars).map(\.value))
        return matcher.ends(.ref(start), from: 0).contains(matcher.input.count)
    }

    private struct Reader {
        let text: [UInt32]
        var position = 0
        var references: Set<String> = []

        var atEnd: Bool { position >= text.count }
        func peek(_ offset: Int = 0) -> UInt32? { position + offset < text.count ? text[position + offset] : nil }

        static func isWordChar(_ c: UInt32?) -> Bool {
            guard let c, let s = Unicode.Scalar(c) else { return false }
            return ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || s == "-"
        }

        mutating func skipSpace(newlineOK: Bool) {
            while let c = peek() {
                if c == 0x20 || c == 0x09 || (newlineOK && (c == 0x0A || c == 0x0D)) {
                    position += 1
                } else if c == 0x23 {
                    while let d = peek(), d != 0x0A, d != 0x0D { position += 1 }
                } else {
                    return
                }
            }
        }

        mutating func name() throws -> String {
            let start = position
            while Self.isWordChar(peek()) { position += 1 }
            guard position > start else { throw SyntaxError(description: "expected a name at \(position)") }
            return String(String.UnicodeScalarView(text[start..<position].compactMap(Unicode.Scalar.init)))
        }

        mutating func rule() throws -> (String, Expr) {
            let ruleName = try name()
            skipSpace(newlineOK: false)
            guard peek() == 0x3A, peek(1) == 0x3A, peek(2) == 0x3D else { throw SyntaxError(description: "expected ::= after \(ruleName)") }
            position += 3
            skipSpace(newlineOK: true)
            let body = try alternatives(nested: false)
            if let c = peek() {
                guard c == 0x0A || c == 0x0D else { throw SyntaxError(description: "expected newline at \(position) in \(ruleName)") }
            }
            skipSpace(newlineOK: true)
            return (ruleName, body)
        }

        mutating func alternatives(nested: Bool) throws -> Expr {
            var choices = [try sequence(nested: nested)]
            while peek() == 0x7C {
                position += 1
                skipSpace(newlineOK: true)
                choices.append(try sequence(nested: nested))
            }
            return choices.count == 1 ? choices[0] : .alternatives(choices)
        }

        mutating func sequence(nested: Bool) throws -> Expr {
            var items: [Expr] = []
            while let c = peek() {
                if let element = try element(c, nested: nested) {
                    items.append(element)
                } else if let (low, high) = try repetition(c), let last = items.popLast() {
                    items.append(.repeated(last, min: low, max: high))
                } else {
                    break
                }
                skipSpace(newlineOK: nested)
            }
            return items.count == 1 ? items[0] : .sequence(items)
        }

        mutating func element(_ c: UInt32, nested: Bool) throws -> Expr? {
            switch c {
            case 0x22:
                position += 1
                var chars: [UInt32] = []
                while peek() != 0x22 {
                    guard !atEnd else { throw SyntaxError(description: "unterminated literal") }
                    chars.append(try char())
                }
                position += 1
                return .literal(chars)
            case 0x5B: return try charClass()
            case 0x28:
                position += 1
                skipSpace(newlineOK: true)
                let inner = try alternatives(nested: true)
                guard peek() == 0x29 else { throw SyntaxError(description: "expected ) at \(position)") }
                position += 1
                return inner
            case 0x2E:
                position += 1
                return .any
            default:
                guard Self.isWordChar(c) else { return nil }
                let ref = try name()
                references.insert(ref)
                return .ref(ref)
            }
        }

        mutating func charClass() throws -> Expr {
            position += 1
            let negated = peek() == 0x5E
            if negated { position += 1 }
            var ranges: [ClosedRange<UInt32>] = []
            while peek() != 0x5D {
                guard !atEnd else { throw SyntaxError(description: "unterminated class") }
                let low = try char()
                if peek() == 0x2D, peek(1) != 0x5D {
                    position += 1
                    let high = try char()
                    guard low <= high else { throw SyntaxError(description: "bad range") }
                    ranges.append(low...high)
                } else {
                    ranges.append(low...low)
                }
            }
            position += 1
            return .charClass(negated: negated, ranges: ranges)
        }

        /// `*`, `+`, `?`, `{m}`, `{m,}`, `{m,n}`; `nil` if `c` is none of them.
        mutating func repetition(_ c: UInt32) throws -> (Int, Int?)? {
            switch c {
            case 0x2A: position += 1; return (0, nil)
            case 0x2B: position += 1; return (1, nil)
            case 0x3F: position += 1; return (0, 1)
            case 0x7B:
                position += 1
                let low = try int()
                if peek() == 0x7D { position += 1; return (low, low) }
                guard peek() == 0x2C else { throw SyntaxError(description: "expected , in repetition") }
                position += 1
                let high: Int? = peek() == 0x7D ? nil : try int()
                guard peek() == 0x7D else { throw SyntaxError(description: "expected } in repetition") }
                position += 1
                if let high, high < low { throw SyntaxError(description: "repetition max < min") }
                return (low, high)
            default: return nil
            }
        }

        mutating func int() throws -> Int {
            var value = 0
            let start = position
            while let c = peek(), (0x30...0x39).contains(c) {
                value = value * 10 + Int(c - 0x30)
                position += 1
            }
            guard position > start else { throw SyntaxError(description: "expected an integer") }
            return value
        }

        mutating func char() throws -> UInt32 {
            guard let c = peek() else { throw SyntaxError(description: "unexpected end") }
            guard c == 0x5C else {
                position += 1
                return c
            }
            guard let e = peek(1).flatMap(Unicode.Scalar.init) else { throw SyntaxError(description: "bad escape") }
            position += 2
            switch e {
            case "x": return try hex(2)
            case "u": return try hex(4)
            case "U": return try hex(8)
            case "t": return 0x09
            case "r": return 0x0D
            case "n": return 0x0A
            case "\\", "\"", "[", "]", "-": return e.value
            default: throw SyntaxError(description: "unknown escape \\\(e)")
            }
        }

        mutating func hex(_ count: Int) throws -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let c = peek(), let digit = Int(String(Unicode.Scalar(c)!), radix: 16) else {
                    throw SyntaxError(description: "expected \(count) hex digits")
                }
                value = value << 4 | UInt32(digit)
                position += 1
            }
            return value
        }
    }
}

extension GBNFGrammar.Expr {
    func matchesChar(_ c: UInt32) -> Bool {
        switch self {
        case .any: return true
        case .charClass(let negated, let ranges): return ranges.contains { $0.contains(c) } != negated
        default: return false
        }
    }
}

/// Computes every end position of an expression from a start position; rules are memoized per position.
private struct Matcher {
    let rules: [String: GBNFGrammar.Expr]
    let input: [UInt32]
    var memo: [String: Set<Int>] = [:]

    init(rules: [String: GBNFGrammar.Expr], input: [UInt32]) {
        self.rules = rules
        self.input = input
    }

    mutating func ends(_ expr: GBNFGrammar.Expr, from start: Int) -> Set<Int> {
        switch expr {
        case .literal(let chars):
            guard start + chars.count <= input.count, Array(input[start..<(start + chars.count)]) == chars else { return [] }
            return [start + chars.count]
        case .charClass, .any:
            return start < input.count && expr.matchesChar(input[start]) ? [start + 1] : []
        case .ref(let name):
            let key = "\(name)@\(start)"
            if let known = memo[key] { return known }
            memo[key] = []  // left recursion finds nothing
            let result = rules[name].map { ends($0, from: start) } ?? []
            memo[key] = result
            return result
        case .sequence(let items):
            var current: Set<Int> = [start]
            for item in items {
                current = Set(current.flatMap { ends(item, from: $0) })
                if current.isEmpty { break }
            }
            return current
        case .alternatives(let choices):
            return choices.reduce(into: Set<Int>()) { $0.formUnion(ends($1, from: start)) }
        case .repeated(let inner, let low, let high):
            return repeated(inner, low, high, from: start)
        }
    }

    private mutating func repeated(_ inner: GBNFGrammar.Expr, _ low: Int, _ high: Int?, from start: Int) -> Set<Int> {
        var current: Set<Int> = [start]
        for _ in 0..<low {
            current = Set(current.flatMap { ends(inner, from: $0) })
            if current.isEmpty { return [] }
        }
        var result = current
        var frontier = current
        var count = low
        while !frontier.isEmpty, high.map({ count < $0 }) ?? true {
            frontier = Set(frontier.flatMap { ends(inner, from: $0) }).subtracting(high == nil ? result : [])
            result.formUnion(frontier)
            count += 1
        }
        return result
    }
}
