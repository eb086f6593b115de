import ArgumentParser

/// A length of time as apiclient's flags take it: a whole number and a unit, `s`, `m`,
/// `h` or `d` (`45s`, `90m`, `12h`, `30d`), or several in a row (`1h30m`).
enum DurationText {
    /// Longer durations are refused (about 100 years), so sums and milliseconds never overflow.
    static let maximumSeconds: Int64 = 100 * 366 * 86_400

    static let expected = "expected a whole number and a unit s, m, h or d, like 45s, 90m, 12h, 30d or 1h30m"

    /// The number of seconds `text` stands for.
    static func seconds(_ text: String) throws -> Int64 {
        guard !text.isEmpty else { throw ValidationError(expected) }
        var total: Int64 = 0
        var number: Int64?
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                number = try Self.append(digit, to: number ?? 0)
            } else if let unit = Self.unitSeconds(character), let value = number {
                total += value * unit
                guard total <= maximumSeconds else { throw ValidationError("at most 36600d") }
                number = nil
            } else {
                throw ValidationError(expected)
            }
        }
        guard number == nil else { throw ValidationError(expected) }
        return total
    }

    private static func append(_ digit: Int, to number: Int64) throws -> Int64 {
        let value = number * 10 + Int64(digit)
        guard value <= maximumSeconds else { throw ValidationError("at most 36600d") }
        return value
    }

    private static func unitSeconds(_ unit: Character) -> Int64? {
        switch unit {
        case "s": 1
        case "m": 60
        case "h": 3_600
        case "d": 86_400
        default: nil
        }
    }
}
