/// A JSON number that keeps its literal text exactly (`1.50` stays `1.50`).
///
/// Comparison by value (``compare(to:)``, ``isInteger``) is exact decimal arithmetic on the literal,
/// so `0.1`, `1e400` and 30-digit integers compare correctly; ``double`` is only a convenience.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The literal text, valid per RFC 8259 (`-? int frac? exp?`).
    public let literal: String

    /// The number `value`.
    public init(_ value: Int) {
        literal = String(value)
    }

    /// The number written `literal`, or `nil` if it is not a valid RFC 8259 number literal.
    public init?(literal: String) {
        let bytes = Array(literal.utf8)
        guard NumberLiteral.scan(bytes, from: 0) == bytes.count, !bytes.isEmpty else { return nil }
        self.literal = literal
    }

    /// Skips validation; only for text already scanned by ``NumberLiteral``.
    init(validatedLiteral: String) {
        literal = validatedLiteral
    }

    /// The value as a `Double`, or `nil` if it overflows to infinity. Very long literals round.
    public var double: Double? {
        guard let value = Double(literal), value.isFinite else { return nil }
        return value
    }

    /// Whether the value is a mathematical integer: true for `3`, `3.0`, `3e2`, `-0`; false for `3.5`, `1e-1`.
    public var isInteger: Bool { DecimalValue(literal).isInteger }

    /// The value as an `Int`, if it is a mathematical integer within `Int`'s range.
    public var intValue: Int? {
        let decimal = DecimalValue(literal)
        guard decimal.isInteger else { return nil }
        if decimal.isZero { return 0 }
        guard decimal.pointPosition <= 19 else { return nil }
        var magnitude: UInt64 = 0
        for index in 0..<decimal.pointPosition {
            let digit = index < decimal.digits.count ? UInt64(decimal.digits[index]) : 0
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
        }
        if decimal.isNegative {
            return magnitude <= UInt64(Int.max) + 1 ? Int(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int.max) ? Int(magnitude) : nil
    }

    /// Compares by exact mathematical value: negative if `self < other`, zero if equal, positive if greater.
    public func compare(to other: JSONNumber) -> Int {
        DecimalValue(literal).compare(to: DecimalValue(other.literal))
    }

    /// The literal text.
    public var description: String { literal }
}

/// The grammar of an RFC 8259 number literal, over UTF-8 bytes.
enum NumberLiteral {
    /// Scans a number starting at `start`; returns the end offset, or `nil` if the text there is not a number.
    /// Leading zeros (`01`), a bare `-`, `1.`, `.5` and `1e` are not numbers.
    static func scan(_ bytes: [UInt8], from start: Int) -> Int? {
        var position = start
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else { return nil }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            position = skipDigits(bytes, from: position)
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            guard position + 1 < bytes.count, isDigit(bytes[position + 1]) else { return nil }
            position = skipDigits(bytes, from: position + 1)
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else { return nil }
            position = skipDigits(bytes, from: position)
        }
        return position
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func skipDigits(_ bytes: [UInt8], from start: Int) -> Int {
        var position = start
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        return position
    }
}
