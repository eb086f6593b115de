import BigInt

/// Enforces the operation count, the digit bound, the exponent bound, and the time limit during one evaluation.
struct CalculatorBudget {
    private let bounds: CalculatorBounds
    /// The bit width of 10^maxDigits, the ceiling every numerator and denominator stays below.
    private let ceilingBits: Int
    private let deadline: ContinuousClock.Instant
    private var operations = 0

    init(bounds: CalculatorBounds, timeout: Duration) {
        self.bounds = bounds
        ceilingBits = Int((Double(max(bounds.maxDigits, 1)) * 3.321_928_094_887_362).rounded(.down)) + 1
        deadline = ContinuousClock.now.advanced(by: timeout)
    }

    /// Counts one operation at `offset`; fails past the operation bound, the time limit, or on cancellation.
    mutating func step(at offset: Int) throws(ServerToolFailure) {
        operations += 1
        guard operations <= bounds.maxOperations else {
            throw ServerToolFailure("too many operations: more than \(bounds.maxOperations) (at offset \(offset))")
        }
        guard !Task.isCancelled, ContinuousClock.now < deadline else {
            throw ServerToolFailure("the calculation took too long and was stopped (at offset \(offset))")
        }
    }

    /// Returns `value` when its numerator and denominator fit the digit bound.
    func checked(_ value: Rational, at offset: Int) throws(ServerToolFailure) -> Rational {
        guard fits(value.numerator.magnitude), fits(value.denominator.magnitude) else {
            throw ServerToolFailure("the result at offset \(offset) has more than \(bounds.maxDigits) digits")
        }
        return value
    }

    /// Whether `magnitude < 10^maxDigits`: decided by bit width, computing the power only when the widths tie.
    private func fits(_ magnitude: BigUInt) -> Bool {
        guard magnitude.bitWidth == ceilingBits else { return magnitude.bitWidth < ceilingBits }
        return magnitude < BigUInt(10).power(max(bounds.maxDigits, 1))
    }

    /// The exponent as an Int, after refusing non-integers, exponents past the bound, and results that would
    /// certainly exceed the digit bound (estimated from bit widths, before any big multiplication).
    func exponent(_ exponent: Rational, base: Rational, at offset: Int) throws(ServerToolFailure) -> Int {
        guard exponent.isInteger else {
            throw ServerToolFailure("the exponent at offset \(offset) must be an integer, not \(Self.short(exponent))")
        }
        let magnitude = exponent.numerator.magnitude
        guard magnitude <= BigUInt(bounds.maxExponent) else {
            throw ServerToolFailure(
                "the exponent \(Self.short(exponent)) at offset \(offset) is too large (the limit is ±\(bounds.maxExponent))"
            )
        }
        let count = Int(magnitude)
        let widest = max(base.numerator.magnitude.bitWidth, base.denominator.magnitude.bitWidth)
        let lowerBoundBits = (widest - 1) * count
        guard lowerBoundBits < ceilingBits else {
            let digits = Int(Double(lowerBoundBits) * 0.30103) + 1
            throw ServerToolFailure(
                "the power at offset \(offset) would have at least \(digits) digits, over the \(bounds.maxDigits)-digit limit"
            )
        }
        return exponent.numerator.sign == .minus ? -count : count
    }

    /// A rational for a message, shortened when huge.
    static func short(_ value: Rational) -> String {
        let text = value.description
        return text.count <= 40 ? text : "a number with about \(text.count) digits"
    }
}
