import Foundation

/// Whether the system tz database has a zone (some minimal images lack rarer ones).
enum TimeZoneAvailability {
    static func has(_ identifier: String) -> Bool {
        TimeZone(identifier: identifier) != nil
    }
}
