/// Integer helpers for the bucket arithmetic: every quantity is an `Int64` that stays far
/// from overflow by construction (limits are capped by ``QuotaLimits/maxValue``), and these
/// saturate anyway, so hostile or corrupt input (a restored snapshot, a clock that jumps)
/// can never trap.
extension Int64 {
    /// `self - other`, clamped to the representable range.
    func saturatingSubtract(_ other: Int64) -> Int64 {
        let (result, overflow) = self.subtractingReportingOverflow(other)
        guard overflow else { return result }
        return other > 0 ? .min : .max
    }

    /// `self + other`, clamped to the representable range.
    func saturatingAdd(_ other: Int64) -> Int64 {
        let (result, overflow) = self.addingReportingOverflow(other)
        guard overflow else { return result }
        return other > 0 ? .max : .min
    }

    /// `self / divisor` rounded up, for `self >= 0` and `divisor > 0`.
    func dividedRoundingUp(by divisor: Int64) -> Int64 {
        self / divisor + (self % divisor == 0 ? 0 : 1)
    }

    /// `self / divisor` rounded towards negative infinity, for `divisor > 0`.
    func dividedRoundingDown(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }

    /// `self` as a `UInt64`, with negative values as zero.
    var clampedToUnsigned: UInt64 { self > 0 ? UInt64(self) : 0 }
}

extension UInt64 {
    /// `self` as an `Int64`, with values above `Int64.max` as `Int64.max`.
    var clampedToSigned: Int64 { self > UInt64(Int64.max) ? .max : Int64(self) }
}

extension Int64 {
    /// `self * other`, clamped to the representable range.
    func saturatingMultiply(_ other: Int64) -> Int64 {
        let (result, overflow) = self.multipliedReportingOverflow(by: other)
        guard overflow else { return result }
        return (self < 0) == (other < 0) ? .max : .min
    }
}
