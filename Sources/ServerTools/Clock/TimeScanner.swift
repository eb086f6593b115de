/// Scans the ISO 8601 forms `TimeText` accepts, byte by byte; nil on any deviation.
struct TimeScanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var atEnd: Bool { position == bytes.count }

    /// The wall time and optional offset (seconds east of UTC).
    mutating func time() -> (civil: CivilTime, offset: Int?)? {
        guard let year = number(4), literal("-"), let month = number(2), literal("-"), let day = number(2) else { return nil }
        var civil = CivilTime(year: year, month: month, day: day)
        guard !atEnd else { return (civil, nil) }
        guard literal("T") || literal("t") || literal(" "), let hour = number(2), literal(":"), let minute = number(2) else {
            return nil
        }
        (civil.hour, civil.minute) = (hour, minute)
        if literal(":") {
            guard let second = number(2) else { return nil }
            civil.second = second
            if literal(".") || literal(",") {
                guard let millisecond = fraction() else { return nil }
                civil.millisecond = millisecond
            }
        }
        guard !atEnd else { return (civil, nil) }
        guard let offset = offset() else { return nil }
        return (civil, offset)
    }

    /// `Z`, `±HH:MM`, `±HHMM`, or `±HH`.
    private mutating func offset() -> Int? {
        if literal("Z") || literal("z") { return 0 }
        let sign: Int
        if literal("+") { sign = 1 } else if literal("-") || literal("\u{2212}") { sign = -1 } else { return nil }
        guard let hours = number(2) else { return nil }
        var minutes = 0
        if !atEnd {
            _ = literal(":")
            guard let parsed = number(2), parsed < 60 else { return nil }
            minutes = parsed
        }
        return sign * (hours * 3600 + minutes * 60)
    }

    /// 1 to 9 fraction digits, as whole milliseconds (truncated).
    private mutating func fraction() -> Int? {
        let start = position
        while position < bytes.count, position - start < 9, isDigit(bytes[position]) { position += 1 }
        guard position > start else { return nil }
        let digits = bytes[start..<min(position, start + 3)].map { Int($0 - UInt8(ascii: "0")) }
        return digits.enumerated().reduce(0) { total, item in total + item.element * [100, 10, 1][item.offset] }
    }

    /// Exactly `count` ASCII digits.
    private mutating func number(_ count: Int) -> Int? {
        guard position + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[position..<position + count] {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        position += count
        return value
    }

    private mutating func literal(_ text: String) -> Bool {
        let expected = Array(text.utf8)
        guard position + expected.count <= bytes.count, Array(bytes[position..<position + expected.count]) == expected else {
            return false
        }
        position += expected.count
        return true
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
