import Foundation

/// Text forms shared by the clock's results.
enum ClockFormat {
    /// `+05:30`, `-04:00`, `+00:00`; `±HH:MM:SS` for historical offsets with seconds.
    static func offset(_ seconds: Int) -> String {
        let magnitude = abs(seconds)
        let text = (seconds < 0 ? "-" : "+") + CivilTime.pad(magnitude / 3600, 2) + ":" + CivilTime.pad(magnitude / 60 % 60, 2)
        return magnitude % 60 == 0 ? text : text + ":" + CivilTime.pad(magnitude % 60, 2)
    }

    /// The instant in UTC: `2026-03-08T07:00:00Z`.
    static func utc(_ milliseconds: Int) -> String {
        CivilTime(millisecondsAsUTC: milliseconds).isoText + "Z"
    }

    /// The instant at a fixed offset: `2026-03-08T02:00:00-05:00`.
    static func iso(_ milliseconds: Int, offsetSeconds: Int) -> String {
        CivilTime(millisecondsAsUTC: milliseconds + offsetSeconds * 1000).isoText + offset(offsetSeconds)
    }

    /// Milliseconds as a JSON number of seconds: `3600`, `-0.25`.
    static func seconds(_ milliseconds: Int) -> String {
        let whole = String(abs(milliseconds) / 1000)
        let sign = milliseconds < 0 ? "-" : ""
        let fraction = abs(milliseconds) % 1000
        guard fraction != 0 else { return sign + whole }
        var digits = CivilTime.pad(fraction, 3)
        while digits.hasSuffix("0") { digits.removeLast() }
        return sign + whole + "." + digits
    }

    /// The description of an instant in a zone: zone, time, abbreviation, utc_offset, weekday, dst.
    static func describe(_ milliseconds: Int, in zone: Zone) -> ResultJSON {
        let offset = zone.offsetSeconds(at: milliseconds)
        var result = ResultJSON()
        result.add("zone", zone.identifier)
        result.add("time", iso(milliseconds, offsetSeconds: offset))
        result.add("abbreviation", zone.abbreviation(at: milliseconds))
        result.add("utc_offset", self.offset(offset))
        result.add("weekday", CivilTime(millisecondsAsUTC: milliseconds + offset * 1000).weekday)
        result.add("dst", zone.isDaylightSaving(at: milliseconds))
        return result
    }
}
