import BigInt

/// Renders a rational as decimal text: integers in full, other values rounded (half away from zero) to a
/// number of significant digits, in plain notation for decimal exponents -7...20 and scientific (`1.5e+30`) beyond.
enum DecimalRendering {
    /// The decimal text of `value` and whether that text is exactly `value`.
    static func render(_ value: Rational, significantDigits: Int = 20) -> (text: String, exact: Bool) {
        guard !value.isInteger else { return (String(value.numerator), true) }
        let (digits, exponent, exact) = rounded(value.numerator.magnitude, over: value.denominator.magnitude, to: significantDigits)
        let sign = value.numerator.sign == .minus ? "-" : ""
        return (sign + format(digits, exponent: exponent), exact)
    }

    /// The significant digits (trailing zeros dropped) of a positive `numerator / denominator`, rounded
    /// half away from zero, its decimal exponent (the power of ten of the first digit), and exactness.
    private static func rounded(
        _ numerator: BigUInt, over denominator: BigUInt, to count: Int
    ) -> (digits: String, exponent: Int, exact: Bool) {
        let lower = BigUInt(10).power(count - 1)
        let upper = lower * 10
        var exponent = Int((Double(numerator.bitWidth - denominator.bitWidth) * 0.301_029_995_663_981).rounded(.down))
        var (quotient, remainder, divisor) = scaled(numerator, denominator, shift: count - 1 - exponent)
        for _ in 0..<8 where quotient < lower || quotient >= upper {
            exponent += quotient < lower ? -1 : 1
            (quotient, remainder, divisor) = scaled(numerator, denominator, shift: count - 1 - exponent)
        }
        if remainder * 2 >= divisor {
            quotient += 1
            if quotient == upper {
                quotient = lower
                exponent += 1
            }
        }
        var digits = String(quotient)
        while digits.count > 1, digits.hasSuffix("0") { digits.removeLast() }
        return (digits, exponent, remainder.isZero)
    }

    /// `numerator * 10^shift / denominator` as quotient, remainder, and the divisor used.
    private static func scaled(_ numerator: BigUInt, _ denominator: BigUInt, shift: Int) -> (BigUInt, BigUInt, BigUInt) {
        let scaledNumerator = shift >= 0 ? numerator * BigUInt(10).power(shift) : numerator
        let divisor = shift >= 0 ? denominator : denominator * BigUInt(10).power(-shift)
        let (quotient, remainder) = scaledNumerator.quotientAndRemainder(dividingBy: divisor)
        return (quotient, remainder, divisor)
    }

    /// Places the decimal point in `digits` (first digit at 10^exponent).
    private static func format(_ digits: String, exponent: Int) -> String {
        if exponent < -7 || exponent > 20 {
            let mantissa = digits.count > 1 ? String(digits.prefix(1)) + "." + String(digits.dropFirst()) : digits
            return mantissa + "e" + (exponent >= 0 ? "+" : "-") + String(abs(exponent))
        }
        if exponent < 0 {
            return "0." + String(repeating: "0", count: -exponent - 1) + digits
        }
        let integerCount = exponent + 1
        guard digits.count > integerCount else {
            return digits + String(repeating: "0", count: integerCount - digits.count)
        }
        return String(digits.prefix(integerCount)) + "." + String(digits.dropFirst(integerCount))
    }
}
