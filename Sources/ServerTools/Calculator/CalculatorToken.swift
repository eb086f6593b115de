/// One lexical token of a calculator expression, with its 0-based character offset.
struct CalculatorToken: Sendable {
    /// What the token is.
    enum Kind: Sendable, Equatable {
        case number(Rational)
        case plus, minus, times, divide, power
        case leftParenthesis, rightParenthesis
        case comparison(ComparisonOperator)
        case end
    }

    let kind: Kind
    let offset: Int

    /// How a message names the token.
    var display: String {
        switch kind {
        case .number: return "number"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .times: return "'*'"
        case .divide: return "'/'"
        case .power: return "'^'"
        case .leftParenthesis: return "'('"
        case .rightParenthesis: return "')'"
        case .comparison(let comparison): return "'\(comparison.rawValue)'"
        case .end: return "end of expression"
        }
    }
}

/// A comparison operator: the lowest-precedence, non-chaining operators.
enum ComparisonOperator: String, Sendable, Equatable {
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="

    /// Whether `lhs op rhs` holds.
    func holds(_ lhs: Rational, _ rhs: Rational) -> Bool {
        switch self {
        case .less: return lhs < rhs
        case .lessOrEqual: return lhs <= rhs
        case .greater: return lhs > rhs
        case .greaterOrEqual: return lhs >= rhs
        case .equal: return lhs == rhs
        case .notEqual: return lhs != rhs
        }
    }
}
