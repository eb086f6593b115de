/// The bounds one calculator evaluation stays within; exceeding any is a `ServerToolFailure`, never a crash.
public struct CalculatorBounds: Sendable, Hashable {
    /// The longest expression, in characters.
    public var maxExpressionLength: Int
    /// The most arithmetic operations (binary operators, negations, comparisons) evaluated.
    public var maxOperations: Int
    /// The most decimal digits in any numerator or denominator (literals and intermediate results).
    public var maxDigits: Int
    /// The deepest parenthesis nesting.
    public var maxNesting: Int
    /// The largest absolute value of an exponent.
    public var maxExponent: Int

    /// Creates bounds.
    public init(maxExpressionLength: Int, maxOperations: Int, maxDigits: Int, maxNesting: Int, maxExponent: Int) {
        self.maxExpressionLength = maxExpressionLength
        self.maxOperations = maxOperations
        self.maxDigits = maxDigits
        self.maxNesting = maxNesting
        self.maxExponent = maxExponent
    }

    /// 1,000 characters, 1,000 operations, 10,000 digits, nesting 100, exponents up to ±10,000.
    public static let standard = CalculatorBounds(
        maxExpressionLength: 1_000, maxOperations: 1_000, maxDigits: 10_000, maxNesting: 100, maxExponent: 10_000
    )
}
