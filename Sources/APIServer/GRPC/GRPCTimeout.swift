/// The `grpc-timeout` request header: 1 to 8 digits and a unit (`H`, `M`, `S`, `m`, `u`,
/// `n`), e.g. `250m` for 250 ms.
enum GRPCTimeout {
    /// The timeout in whole milliseconds, rounded up (at least 1 ms for any positive
    /// timeout, so "1n" still sets a deadline) and capped at `UInt32.max`; nil when the value
    /// is malformed.
    static func milliseconds(_ value: String) -> UInt32? {
        let utf8 = Array(value.utf8)
        guard utf8.count >= 2, utf8.count <= 9, let unit = utf8.last else { return nil }
        let digits = utf8.dropLast()
        guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        let amount = digits.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - UInt8(ascii: "0")) }
        let nanosecondsPerUnit: UInt64
        switch unit {
        case UInt8(ascii: "H"): nanosecondsPerUnit = 3_600_000_000_000
        case UInt8(ascii: "M"): nanosecondsPerUnit = 60_000_000_000
        case UInt8(ascii: "S"): nanosecondsPerUnit = 1_000_000_000
        case UInt8(ascii: "m"): nanosecondsPerUnit = 1_000_000
        case UInt8(ascii: "u"): nanosecondsPerUnit = 1_000
        case UInt8(ascii: "n"): nanosecondsPerUnit = 1
        default: return nil
        }
        // 99,999,999 hours in nanoseconds overflows UInt64, so units at or above a
        // millisecond are converted without going through nanoseconds.
        let milliseconds: UInt64
        if nanosecondsPerUnit >= 1_000_000 {
            milliseconds = amount * (nanosecondsPerUnit / 1_000_000)
        } else {
            let nanoseconds = amount * nanosecondsPerUnit
            milliseconds = (nanoseconds + 999_999) / 1_000_000
        }
        return UInt32(clamping: max(milliseconds, 1))
    }
}
