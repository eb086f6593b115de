import Foundation

/// A time zone of the system tz database, with its identifier and abbreviations.
struct Zone: Sendable {
    /// The identifier as the caller wrote it ("America/New_York").
    let identifier: String
    let timeZone: TimeZone
    private let abbreviations: ZoneAbbreviations

    /// The zone named `identifier`, failing with a message naming it when unknown.
    init(named identifier: String, field: String) throws(ServerToolFailure) {
        let allowed = identifier.unicodeScalars.allSatisfy { $0.isASCII && (Self.allowedScalars.contains($0)) }
        guard allowed, !identifier.isEmpty, identifier.count <= 64, !identifier.contains(".."),
            !identifier.hasPrefix("/"), let timeZone = TimeZone(identifier: identifier)
        else {
            throw ServerToolFailure(
                "unknown time zone \"\(identifier.prefix(64))\" in \"\(field)\": use an IANA id like \"Europe/London\" or \"UTC\""
            )
        }
        self.identifier = identifier
        self.timeZone = timeZone
        abbreviations = ZoneAbbreviations(identifier: identifier)
    }

    private static let allowedScalars = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+-/".unicodeScalars)

    /// The offset east of UTC, in seconds, at an instant.
    func offsetSeconds(at milliseconds: Int) -> Int {
        timeZone.secondsFromGMT(for: Self.date(milliseconds))
    }

    /// Whether daylight-saving time is in effect at an instant.
    func isDaylightSaving(at milliseconds: Int) -> Bool {
        timeZone.isDaylightSavingTime(for: Self.date(milliseconds))
    }

    /// The zone's abbreviation at an instant ("EDT"), or Foundation's name of the offset when the file has none.
    func abbreviation(at milliseconds: Int) -> String {
        let offset = offsetSeconds(at: milliseconds)
        return abbreviations.abbreviation(offset: offset, isDaylightSaving: isDaylightSaving(at: milliseconds))
            ?? timeZone.abbreviation(for: Self.date(milliseconds))
            ?? ClockFormat.offset(offset)
    }

    /// Every instant whose wall time here is `local`, earliest first: none in a spring-forward gap, two in a
    /// fall-back overlap.
    func instants(showing local: CivilTime) -> [Int] {
        let wall = local.millisecondsAsUTC
        let probes = [wall - CivilTime.millisecondsPerDay, wall, wall + CivilTime.millisecondsPerDay]
        let offsets = Set(probes.map { offsetSeconds(at: $0) })
        let candidates = offsets.map { wall - $0 * 1000 }.filter { offsetSeconds(at: $0) * 1000 == wall - $0 }
        return Set(candidates).sorted()
    }

    static func date(_ milliseconds: Int) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
