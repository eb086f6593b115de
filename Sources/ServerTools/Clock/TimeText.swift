import Foundation

/// An ISO 8601 time as written: a wall time and, when given, its UTC offset.
///
/// Accepted: `YYYY-MM-DD`, optionally followed by `T` (or a space) and `HH:MM`, `HH:MM:SS`, or `HH:MM:SS.fff`
/// (fractions beyond milliseconds are truncated), then optionally `Z` or an offset `±HH:MM`, `±HHMM`, `±HH`.
struct TimeText: Sendable, Hashable {
    var civil: CivilTime
    /// The offset east of UTC in seconds, or nil for a local time.
    var offsetSeconds: Int?

    /// The instant, when the text carried an offset.
    var instantMilliseconds: Int? {
        offsetSeconds.map { civil.millisecondsAsUTC - $0 * 1000 }
    }

    /// Parses `text`, failing with a message naming `field`.
    init(parsing text: String, field: String) throws(ServerToolFailure) {
        var scanner = TimeScanner(Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8))
        guard let parsed = scanner.time(), scanner.atEnd else {
            throw ServerToolFailure(
                "\"\(field)\" is not an ISO 8601 time: expected YYYY-MM-DDTHH:MM[:SS] with an optional Z or ±HH:MM, e.g. 2026-03-08T14:30:00-05:00"
            )
        }
        try Self.validate(parsed.civil, offset: parsed.offset, field: field)
        civil = parsed.civil
        offsetSeconds = parsed.offset
    }

    private static func validate(_ time: CivilTime, offset: Int?, field: String) throws(ServerToolFailure) {
        let problems: [(Bool, String)] = [
            ((1...9999).contains(time.year), "year \(time.year) is outside 0001...9999"),
            ((1...12).contains(time.month), "month \(time.month) is outside 1...12"),
            (
                time.month < 1 || time.month > 12 || (1...CivilTime.daysIn(month: time.month, year: time.year)).contains(time.day),
                "day \(time.day) does not exist in \(CivilTime.pad(time.year, 4))-\(CivilTime.pad(time.month, 2))"
            ),
            (time.hour < 24, "hour \(time.hour) is outside 0...23"),
            (time.minute < 60, "minute \(time.minute) is outside 0...59"),
            (time.second < 60, "second \(time.second) is outside 0...59"),
            (abs(offset ?? 0) < 24 * 3600, "the UTC offset must be less than 24 hours"),
        ]
        if let problem = problems.first(where: { !$0.0 }) {
            throw ServerToolFailure("\"\(field)\": \(problem.1)")
        }
    }
}
