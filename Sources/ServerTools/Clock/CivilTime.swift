/// A calendar date and wall-clock time (proleptic Gregorian), with no zone: what a clock on a wall shows.
struct CivilTime: Sendable, Hashable {
    var year: Int
    var month: Int
    var day: Int
    var hour = 0
    var minute = 0
    var second = 0
    var millisecond = 0

    static let millisecondsPerDay = 86_400_000
    private static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// Days since 1970-01-01 of this date (H. Hinnant's days_from_civil).
    var daysSinceEpoch: Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Milliseconds since the epoch if this wall time were UTC.
    var millisecondsAsUTC: Int {
        daysSinceEpoch * Self.millisecondsPerDay + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond
    }

    /// The wall time `milliseconds` after the epoch in UTC.
    init(millisecondsAsUTC milliseconds: Int) {
        let days = Self.floorDivide(milliseconds, Self.millisecondsPerDay)
        let withinDay = milliseconds - days * Self.millisecondsPerDay
        let dayOfEpoch = days + 719_468
        let era = (dayOfEpoch >= 0 ? dayOfEpoch : dayOfEpoch - 146_096) / 146_097
        let dayOfEra = dayOfEpoch - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        hour = withinDay / 3_600_000
        minute = withinDay / 60_000 % 60
        second = withinDay / 1000 % 60
        millisecond = withinDay % 1000
    }

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second, self.millisecond) = (hour, minute, second, millisecond)
    }

    /// The English weekday name.
    var weekday: String {
        Self.weekdays[(daysSinceEpoch % 7 + 7 + 4) % 7]
    }

    /// The days in `month` of `year`.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS`, with `.mmm` when the milliseconds are not zero.
    var isoText: String {
        let date = Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
        let time = Self.pad(hour, 2) + ":" + Self.pad(minute, 2) + ":" + Self.pad(second, 2)
        return date + "T" + time + (millisecond == 0 ? "" : "." + Self.pad(millisecond, 3))
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}
