/// A number literal in normalized decimal form, for exact comparison: value = ±0.d₁d₂…dₙ × 10^pointPosition,
/// with no leading or trailing zero digits (zero has no digits).
struct DecimalValue {
    var isNegative: Bool
    var digits: [UInt8]
    var pointPosition: Int

    /// Exponents are clamped to ±10¹⁵, far beyond any difference that literal lengths (bounded by the parser) can make.
    private static let exponentClamp = 1_000_000_000_000_000

    /// Normalizes a literal already known to be a valid JSON number.
    init(_ literal: String) {
        var all: [UInt8] = []
        var fractionCount = 0
        var exponent = 0
        var exponentNegative = false
        var part = 0  // 0 integer, 1 fraction, 2 exponent
        isNegative = false
        for byte in literal.utf8 {
            switch byte {
            case UInt8(ascii: "-") where part == 0: isNegative = true
            case UInt8(ascii: "-"): exponentNegative = true
            case UInt8(ascii: "+"): break
            case UInt8(ascii: "."): part = 1
            case UInt8(ascii: "e"), UInt8(ascii: "E"): part = 2
            default:
                let digit = byte &- UInt8(ascii: "0")
                if part == 2 {
                    exponent = min(exponent * 10 + Int(digit), Self.exponentClamp)
                } else {
                    all.append(digit)
                    if part == 1 { fractionCount += 1 }
                }
            }
        }
        if exponentNegative { exponent = -exponent }
        let leading = all.firstIndex { $0 != 0 } ?? all.count
        let trailing = all.count - (all.lastIndex { $0 != 0 }.map { $0 + 1 } ?? all.count)
        digits = leading == all.count ? [] : Array(all[leading..<(all.count - trailing)])
        pointPosition = all.count - leading - fractionCount + exponent
    }

    var isZero: Bool { digits.isEmpty }

    var isInteger: Bool { isZero || pointPosition >= digits.count }

    /// Negative, zero or positive as `self` is less than, equal to or greater than `other`.
    func compare(to other: DecimalValue) -> Int {
        if isZero && other.isZero { return 0 }
        let sign = isZero ? 0 : (isNegative ? -1 : 1)
        let otherSign = other.isZero ? 0 : (other.isNegative ? -1 : 1)
        if sign != otherSign { return sign < otherSign ? -1 : 1 }
        return sign * compareMagnitude(to: other)
    }

    private func compareMagnitude(to other: DecimalValue) -> Int {
        if pointPosition != other.pointPosition { return pointPosition < other.pointPosition ? -1 : 1 }
        for (a, b) in zip(digits, other.digits) where a != b {
            return a < b ? -1 : 1
        }
        if digits.count == other.digits.count { return 0 }
        return digits.count < other.digits.count ? -1 : 1
    }
}
