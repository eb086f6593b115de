import BigInt

/// An exact rational number: a BigInt numerator over a positive BigInt denominator, always reduced.
struct Rational: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The numerator; carries the sign.
    let numerator: BigInt
    /// The denominator; always positive, and 1 for integers.
    let denominator: BigInt

    /// The integer `value`.
    init(_ value: BigInt) {
        numerator = value
        denominator = 1
    }

    /// `numerator / denominator`, reduced; nil when the denominator is zero.
    init?(numerator: BigInt, denominator: BigInt) {
        guard !denominator.isZero else { return nil }
        self.init(reducing: numerator, over: denominator)
    }

    /// Reduces a fraction whose denominator is known to be non-zero.
    private init(reducing numerator: BigInt, over denominator: BigInt) {
        let sign: BigInt = denominator.sign == .minus ? -1 : 1
        let divisor = denominator == 1 ? BigInt(1) : numerator.greatestCommonDivisor(with: denominator)
        if divisor == 1 || divisor.isZero {
            self.numerator = numerator * sign
            self.denominator = denominator * sign
        } else {
            self.numerator = numerator / divisor * sign
            self.denominator = denominator / divisor * sign
        }
    }

    /// Whether the value is an integer (denominator 1).
    var isInteger: Bool { denominator == 1 }

    /// Whether the value is zero.
    var isZero: Bool { numerator.isZero }

    /// "n" for integers, "n/d" otherwise.
    var description: String {
        isInteger ? String(numerator) : String(numerator) + "/" + String(denominator)
    }

    /// The sum.
    static func + (lhs: Rational, rhs: Rational) -> Rational {
        if lhs.isInteger && rhs.isInteger { return Rational(lhs.numerator + rhs.numerator) }
        let numerator = lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator
        return Rational(reducing: numerator, over: lhs.denominator * rhs.denominator)
    }

    /// The difference.
    static func - (lhs: Rational, rhs: Rational) -> Rational {
        lhs + (-rhs)
    }

    /// The negation.
    static prefix func - (value: Rational) -> Rational {
        Rational(unchecked: -value.numerator, value.denominator)
    }

    /// The product; cross-reduces first so intermediates stay small.
    static func * (lhs: Rational, rhs: Rational) -> Rational {
        if lhs.isInteger && rhs.isInteger { return Rational(lhs.numerator * rhs.numerator) }
        let first = lhs.numerator.greatestCommonDivisor(with: rhs.denominator)
        let second = rhs.numerator.greatestCommonDivisor(with: lhs.denominator)
        let numerator = (lhs.numerator / first) * (rhs.numerator / second)
        return Rational(unchecked: numerator, (lhs.denominator / second) * (rhs.denominator / first))
    }

    /// 1 / self; nil for zero.
    var reciprocal: Rational? {
        guard !isZero else { return nil }
        let sign: BigInt = numerator.sign == .minus ? -1 : 1
        return Rational(unchecked: denominator * sign, numerator * sign)
    }

    /// The quotient; nil when dividing by zero.
    static func / (lhs: Rational, rhs: Rational) -> Rational? {
        rhs.reciprocal.map { lhs * $0 }
    }

    /// self raised to an integer power (0^0 is 1); nil for zero raised to a negative power (and for `Int.min`).
    func power(_ exponent: Int) -> Rational? {
        guard exponent != Int.min else { return nil }
        guard exponent < 0 else {
            return Rational(unchecked: numerator.power(exponent), denominator.power(exponent))
        }
        return reciprocal?.power(-exponent)
    }

    /// Orders by value.
    static func < (lhs: Rational, rhs: Rational) -> Bool {
        lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }

    /// A fraction already reduced, with a positive denominator.
    private init(unchecked numerator: BigInt, _ denominator: BigInt) {
        self.numerator = numerator
        self.denominator = denominator
    }
}
