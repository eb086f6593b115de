/// Parses and evaluates an expression in one recursive-descent pass.
///
/// Grammar, lowest precedence first (offsets in messages are 0-based character offsets):
///
///     expression := sum [comparison sum]          comparisons: < <= > >= == !=, top level only, no chaining
///     sum        := product {('+' | '-') product}
///     product    := unary {('*' | '/') unary}
///     unary      := {'+' | '-'} power              so -2^2 is -(2^2)
///     power      := primary {'^' {'+' | '-'} primary}   right-associative: 2^3^2 is 2^(3^2)
///     primary    := number | '(' sum ')'
///
/// Only parentheses recurse, and their depth is bounded, so hostile input cannot overflow the stack.
struct CalculatorEvaluator {
    private let tokens: [CalculatorToken]
    private let bounds: CalculatorBounds
    private var budget: CalculatorBudget
    private var index = 0
    private var depth = 0

    /// Evaluates `expression` within `bounds` and `timeout`.
    static func evaluate(
        _ expression: String, bounds: CalculatorBounds, timeout: Duration
    ) throws(ServerToolFailure) -> CalculatorValue {
        guard expression.count <= bounds.maxExpressionLength else {
            throw ServerToolFailure("the expression is longer than \(bounds.maxExpressionLength) characters")
        }
        guard expression.contains(where: { !$0.isWhitespace }) else {
            throw ServerToolFailure("the expression is empty")
        }
        let tokens = try CalculatorLexer.tokens(of: expression, maxDigits: bounds.maxDigits)
        var evaluator = CalculatorEvaluator(
            tokens: tokens, bounds: bounds, budget: CalculatorBudget(bounds: bounds, timeout: timeout)
        )
        return try evaluator.expression()
    }

    private init(tokens: [CalculatorToken], bounds: CalculatorBounds, budget: CalculatorBudget) {
        self.tokens = tokens
        self.bounds = bounds
        self.budget = budget
    }

    private var current: CalculatorToken { tokens[min(index, tokens.count - 1)] }

    private mutating func advance() { index += 1 }

    private mutating func expression() throws(ServerToolFailure) -> CalculatorValue {
        let left = try sum()
        guard case .comparison(let comparison) = current.kind else {
            try expectEnd()
            return .number(left)
        }
        try budget.step(at: current.offset)
        advance()
        let right = try sum()
        if case .comparison = current.kind {
            throw CalculatorLexer.syntax("comparisons cannot be chained; compare two values at a time", at: current.offset)
        }
        try expectEnd()
        return .boolean(comparison.holds(left, right))
    }

    private mutating func sum() throws(ServerToolFailure) -> Rational {
        var value = try product()
        while current.kind == .plus || current.kind == .minus {
            let token = current
            advance()
            let right = try product()
            try budget.step(at: token.offset)
            value = try budget.checked(token.kind == .plus ? value + right : value - right, at: token.offset)
        }
        return value
    }

    private mutating func product() throws(ServerToolFailure) -> Rational {
        var value = try unary()
        while current.kind == .times || current.kind == .divide {
            let token = current
            advance()
            let right = try unary()
            try budget.step(at: token.offset)
            if token.kind == .times {
                value = try budget.checked(value * right, at: token.offset)
            } else {
                guard let quotient = value / right else {
                    throw ServerToolFailure("division by zero at offset \(token.offset)")
                }
                value = try budget.checked(quotient, at: token.offset)
            }
        }
        return value
    }

    private mutating func unary() throws(ServerToolFailure) -> Rational {
        let negate = try signs()
        let value = try power()
        return negate ? -value : value
    }

    /// Consumes a run of unary signs; true when they negate.
    private mutating func signs() throws(ServerToolFailure) -> Bool {
        var negate = false
        while current.kind == .plus || current.kind == .minus {
            if current.kind == .minus {
                try budget.step(at: current.offset)
                negate.toggle()
            }
            advance()
        }
        return negate
    }

    /// A power chain, folded from the right so `2^3^2` is `2^(3^2)` and `2^-3^2` is `2^(-(3^2))`.
    private mutating func power() throws(ServerToolFailure) -> Rational {
        var chain: [(negate: Bool, value: Rational, caret: Int)] = [(false, try primary(), -1)]
        while current.kind == .power {
            let caret = current.offset
            advance()
            let negate = try signs()
            chain.append((negate, try primary(), caret))
        }
        guard var result = chain.last.map({ $0.negate ? -$0.value : $0.value }) else { return Rational(0) }
        for position in stride(from: chain.count - 2, through: 0, by: -1) {
            let link = chain[position]
            result = try raise(link.value, to: result, at: chain[position + 1].caret)
            if link.negate { result = -result }
        }
        return result
    }

    private mutating func raise(_ base: Rational, to exponent: Rational, at offset: Int) throws(ServerToolFailure) -> Rational {
        try budget.step(at: offset)
        let count = try budget.exponent(exponent, base: base, at: offset)
        guard let value = base.power(count) else {
            throw ServerToolFailure("division by zero at offset \(offset): 0 raised to a negative power")
        }
        return try budget.checked(value, at: offset)
    }

    private mutating func primary() throws(ServerToolFailure) -> Rational {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return value
        case .leftParenthesis:
            return try parenthesized(openedAt: token.offset)
        default:
            throw CalculatorLexer.syntax("expected a number or '(' but found \(token.display)", at: token.offset)
        }
    }

    private mutating func parenthesized(openedAt offset: Int) throws(ServerToolFailure) -> Rational {
        guard depth < bounds.maxNesting else {
            throw ServerToolFailure("parentheses nested deeper than \(bounds.maxNesting) levels at offset \(offset)")
        }
        depth += 1
        advance()
        let value = try sum()
        if case .comparison = current.kind {
            throw CalculatorLexer.syntax("comparisons are allowed only at the top level, not inside parentheses", at: current.offset)
        }
        guard current.kind == .rightParenthesis else {
            throw CalculatorLexer.syntax("expected ')' to close the '(' at offset \(offset) but found \(current.display)", at: current.offset)
        }
        advance()
        depth -= 1
        return value
    }

    private func expectEnd() throws(ServerToolFailure) {
        switch current.kind {
        case .end:
            return
        case .rightParenthesis:
            throw CalculatorLexer.syntax("')' without a matching '('", at: current.offset)
        case .leftParenthesis, .number:
            throw CalculatorLexer.syntax("expected an operator but found \(current.display) (write '*' to multiply)", at: current.offset)
        default:
            throw CalculatorLexer.syntax("unexpected \(current.display)", at: current.offset)
        }
    }
}
