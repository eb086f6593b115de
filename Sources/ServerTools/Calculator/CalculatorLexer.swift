import BigInt

/// Splits an expression into tokens: number literals (`12`, `1.25`, `.5`), operators, parentheses.
struct CalculatorLexer {
    private let characters: [Character]
    private let maxDigits: Int
    private var position = 0

    init(_ expression: String, maxDigits: Int) {
        characters = Array(expression)
        self.maxDigits = maxDigits
    }

    /// All tokens, ending with `.end`.
    static func tokens(of expression: String, maxDigits: Int) throws(ServerToolFailure) -> [CalculatorToken] {
        var lexer = CalculatorLexer(expression, maxDigits: maxDigits)
        var tokens: [CalculatorToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private mutating func next() throws(ServerToolFailure) -> CalculatorToken {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
        let start = position
        guard position < characters.count else { return CalculatorToken(kind: .end, offset: start) }
        let character = characters[position]
        if character.isASCII && (character.isNumber || character == ".") {
            return CalculatorToken(kind: .number(try number()), offset: start)
        }
        position += 1
        return CalculatorToken(kind: try symbol(character, at: start), offset: start)
    }

    private mutating func symbol(_ character: Character, at offset: Int) throws(ServerToolFailure) -> CalculatorToken.Kind {
        switch character {
        case "+": return .plus
        case "-": return .minus
        case "*": return .times
        case "/": return .divide
        case "^": return .power
        case "(": return .leftParenthesis
        case ")": return .rightParenthesis
        case "<": return .comparison(consumeEquals() ? .lessOrEqual : .less)
        case ">": return .comparison(consumeEquals() ? .greaterOrEqual : .greater)
        case "=" where consumeEquals(): return .comparison(.equal)
        case "!" where consumeEquals(): return .comparison(.notEqual)
        case "=": throw Self.syntax("a lone '=' (write '==' to compare)", at: offset)
        case "!": throw Self.syntax("'!' without '=' (factorial is not supported; '!=' compares)", at: offset)
        default: throw Self.syntax("unexpected character '\(character)'", at: offset)
        }
    }

    private mutating func consumeEquals() -> Bool {
        guard position < characters.count, characters[position] == "=" else { return false }
        position += 1
        return true
    }

    /// Reads `digits [. digits]` or `. digits` as an exact rational.
    private mutating func number() throws(ServerToolFailure) -> Rational {
        let start = position
        let whole = digitRun()
        var fraction = ""
        if position < characters.count, characters[position] == "." {
            position += 1
            fraction = digitRun()
            guard !fraction.isEmpty else { throw Self.syntax("a digit must follow '.'", at: position) }
            if position < characters.count, characters[position] == "." {
                throw Self.syntax("a second '.' in a number", at: position)
            }
        }
        guard whole.count + fraction.count <= maxDigits else {
            throw ServerToolFailure("the number at offset \(start) has more than \(maxDigits) digits")
        }
        let numerator = BigInt(whole + fraction) ?? 0
        return Rational(numerator: numerator, denominator: BigInt(10).power(fraction.count)) ?? Rational(numerator)
    }

    private mutating func digitRun() -> String {
        let start = position
        while position < characters.count, characters[position].isASCII, characters[position].isNumber { position += 1 }
        return String(characters[start..<position])
    }

    /// A syntax error at a 0-based character offset.
    static func syntax(_ problem: String, at offset: Int) -> ServerToolFailure {
        ServerToolFailure("syntax error at offset \(offset): \(problem)")
    }
}
