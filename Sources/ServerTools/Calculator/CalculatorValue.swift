/// What an expression evaluates to: an exact number, or the truth of a top-level comparison.
enum CalculatorValue: Sendable, Equatable {
    case number(Rational)
    case boolean(Bool)
}
