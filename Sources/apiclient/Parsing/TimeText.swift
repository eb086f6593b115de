import ArgumentParser
import Foundation

/// A point in time as a flag gives it: RFC 3339 (`2026-11-01T09:30:00Z`,
/// `2026-11-01T10:30:00+01:00`, `2026-11-01T09:30:00.250Z`) or a UTC day (`2026-11-01`,
/// its midnight). Parsed by hand, strictly: no field may overflow into the next.
enum TimeText {
    static let expected = "expected an RFC 3339 time like 2026-11-01T09:30:00Z or a UTC day like 2026-11-01"

    /// Unix milliseconds of `text`.
    static func milliseconds(_ text: String) throws -> Int64 {
        var scanner = DigitScanner(text)
        guard let day = scanner.date() else { throw ValidationError(expected) }
        if scanner.atEnd { return day }
        guard scanner.take("T") || scanner.take("t"), let time = scanner.time(), let offset = scanner.offset(), scanner.atEnd else {
            throw ValidationError(expected)
        }
        return day + time - offset
    }
}

/// Reads the fixed-width numbers of a date or time, left to right.
private struct DigitScanner {
    private let characters: [Character]
    private var index = 0

    init(_ text: String) {
        characters = Array(text)
    }

    var atEnd: Bool { index == characters.count }

    mutating func take(_ character: Character) -> Bool {
        guard index < characters.count, characters[index] == character else { return false }
        index += 1
        return true
    }

    /// `width` ASCII digits as a number, no more than `maximum`.
    mutating func number(_ width: Int, _ range: ClosedRange<Int>) -> Int? {
        guard index + width <= characters.count else { return nil }
        var value = 0
        for character in characters[index..<index + width] {
            guard character.isASCII, let digit = character.wholeNumberValue else { return nil }
            value = value * 10 + digit
        }
        index += width
        return range.contains(value) ? value : nil
    }

    /// `YYYY-MM-DD` as Unix milliseconds of its UTC midnight.
    mutating func date() -> Int64? {
        guard let year = number(4, 1970...9999), take("-"), let month = number(2, 1...12), take("-"),
            let day = number(2, 1...31), day <= Self.days(inMonth: month, of: year)
        else { return nil }
        return Self.daysSinceEpoch(year: year, month: month, day: day) * 86_400_000
    }

    /// `HH:MM:SS[.fraction]` as milliseconds since midnight.
    mutating func time() -> Int64? {
        guard let hour = number(2, 0...23), take(":"), let minute = number(2, 0...59), take(":"),
            let second = number(2, 0...59)
        else { return nil }
        var milliseconds = Int64(((hour * 60 + minute) * 60 + second) * 1000)
        if take(".") {
            var digits = 0
            var fraction = 0
            while let digit = number(1, 0...9) {
                if digits < 3 { fraction = fraction * 10 + digit }
                digits += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { fraction *= 10 }
            milliseconds += Int64(fraction)
        }
        return milliseconds
    }

    /// `Z` or `±HH:MM` as milliseconds east of UTC.
    mutating func offset() -> Int64? {
        if take("Z") || take("z") { return 0 }
        let sign: Int64
        if take("+") { sign = 1 } else if take("-") { sign = -1 } else { return nil }
        guard let hours = number(2, 0...23), take(":"), let minutes = number(2, 0...59) else { return nil }
        return sign * Int64(hours * 60 + minutes) * 60_000
    }

    private static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Int64(era * 146_097 + dayOfEra - 719_468)
    }
}

/// A `--since` or `--until` value: a time, or a duration before now (`7d`: seven days ago).
enum TimeOrAgo {
    case at(milliseconds: Int64)
    case ago(seconds: Int64)

    static func parse(_ text: String) throws -> TimeOrAgo {
        if let seconds = try? DurationText.seconds(text) { return .ago(seconds: seconds) }
        do {
            return .at(milliseconds: try TimeText.milliseconds(text))
        } catch {
            throw ValidationError(TimeText.expected + ", or a duration before now like 7d or 12h")
        }
    }

    /// Unix milliseconds, counting back from `now`.
    func milliseconds(now: Date) -> Int64 {
        switch self {
        case .at(let milliseconds): milliseconds
        case .ago(let seconds): max(0, UTCTime.milliseconds(now) - seconds * 1000)
        }
    }
}
