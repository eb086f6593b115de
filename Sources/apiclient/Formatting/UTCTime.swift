import Foundation

/// Times as apiclient prints them: UTC, ISO 8601. The wire's times are Unix milliseconds.
enum UTCTime {
    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// `2026-11-01T09:30Z`: for tables.
    static func minutes(_ milliseconds: Int64) -> String {
        let parts = components(milliseconds)
        return "\(date(parts))T\(pad(parts.hour, 2)):\(pad(parts.minute, 2))Z"
    }

    /// `2026-11-01T09:30:05Z`: RFC 3339, for JSON.
    static func seconds(_ milliseconds: Int64) -> String {
        let parts = components(milliseconds)
        return "\(date(parts))T\(pad(parts.hour, 2)):\(pad(parts.minute, 2)):\(pad(parts.second, 2))Z"
    }

    /// `2026-11-01`.
    static func day(_ milliseconds: Int64) -> String {
        date(components(milliseconds))
    }

    private static func components(_ milliseconds: Int64) -> DateComponents {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    private static func date(_ parts: DateComponents) -> String {
        "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))"
    }

    private static func pad(_ value: Int?, _ width: Int) -> String {
        let text = String(value ?? 0)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
