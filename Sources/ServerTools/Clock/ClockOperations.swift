import Foundation

extension ClockTool {
    /// `now`: the injected current time in `zone`, to the whole second.
    func current(_ arguments: ToolArguments) throws(ServerToolFailure) -> ResultJSON {
        let zone = try Self.zone(arguments, "zone")
        let instant = Int(now().timeIntervalSince1970.rounded(.down)) * 1000
        var result = ResultJSON()
        result.add("operation", "now")
        result.add("utc", ClockFormat.utc(instant))
        result.add("unix_seconds", CivilTime.floorDivide(instant, 1000))
        result.append(contentsOf: ClockFormat.describe(instant, in: zone))
        return result
    }

    /// `convert`: `time` (an instant, or local in `from_zone`) shown in `to_zone`.
    func convert(_ arguments: ToolArguments) throws(ServerToolFailure) -> ResultJSON {
        let text = try TimeText(parsing: try arguments.requiredString("time", maxLength: 64), field: "time")
        let fromZone = try arguments.optionalString("from_zone", maxLength: 64).map { name throws(ServerToolFailure) in
            try Zone(named: name, field: "from_zone")
        }
        let toZone = try Self.zone(arguments, "to_zone")
        let (instant, note) = try Self.instant(of: text, field: "time", localZone: fromZone, zoneField: "from_zone")
        var result = ResultJSON()
        result.add("operation", "convert")
        result.add("utc", ClockFormat.utc(instant))
        if let fromZone { result.add("from", ClockFormat.describe(instant, in: fromZone)) }
        result.add("to", ClockFormat.describe(instant, in: toZone))
        if let note { result.add("note", note) }
        return result
    }

    /// `difference`: `to - from`, broken down, and the calendar days between them in `zone`.
    func difference(_ arguments: ToolArguments) throws(ServerToolFailure) -> ResultJSON {
        let zone = try Self.zone(arguments, "zone")
        let start = try Self.instant(arguments, "from", localZone: zone)
        let end = try Self.instant(arguments, "to", localZone: zone)
        let elapsed = end.instant - start.instant
        var result = ResultJSON()
        result.add("operation", "difference")
        result.add("from", ClockFormat.utc(start.instant))
        result.add("to", ClockFormat.utc(end.instant))
        result.addRaw("seconds", ClockFormat.seconds(elapsed))
        result.add("negative", elapsed < 0)
        result.add("duration", Self.breakdown(abs(elapsed)))
        result.add("calendar_days", Self.calendarDay(end.instant, in: zone) - Self.calendarDay(start.instant, in: zone))
        result.add("calendar_zone", zone.identifier)
        if let note = [start.note, end.note].compactMap({ $0 }).first { result.add("note", note) }
        return result
    }

    private static func zone(_ arguments: ToolArguments, _ field: String) throws(ServerToolFailure) -> Zone {
        try Zone(named: try arguments.optionalString(field, maxLength: 64) ?? "UTC", field: field)
    }

    private static func instant(
        _ arguments: ToolArguments, _ field: String, localZone: Zone
    ) throws(ServerToolFailure) -> (instant: Int, note: String?) {
        let text = try TimeText(parsing: try arguments.requiredString(field, maxLength: 64), field: field)
        return try instant(of: text, field: field, localZone: localZone, zoneField: "zone")
    }

    /// The instant `text` names: its own offset, else its wall time in `localZone`.
    static func instant(
        of text: TimeText, field: String, localZone: Zone?, zoneField: String
    ) throws(ServerToolFailure) -> (instant: Int, note: String?) {
        if let instant = text.instantMilliseconds { return (instant, nil) }
        guard let zone = localZone else {
            throw ServerToolFailure("\"\(field)\" has no UTC offset: add Z or ±HH:MM, or give \"\(zoneField)\" for a local time")
        }
        let instants = zone.instants(showing: text.civil)
        guard let first = instants.first else {
            throw ServerToolFailure(
                "\(text.civil.isoText) does not exist in \(zone.identifier): the clocks skip it (a daylight-saving change)"
            )
        }
        guard instants.count > 1 else { return (first, nil) }
        let note =
            "\(text.civil.isoText) occurs twice in \(zone.identifier); used the earlier, "
            + ClockFormat.iso(first, offsetSeconds: zone.offsetSeconds(at: first))
        return (first, note)
    }

    /// Days, hours, minutes, and seconds of a non-negative span.
    private static func breakdown(_ milliseconds: Int) -> ResultJSON {
        var result = ResultJSON()
        result.add("days", milliseconds / CivilTime.millisecondsPerDay)
        result.add("hours", milliseconds / 3_600_000 % 24)
        result.add("minutes", milliseconds / 60_000 % 60)
        result.addRaw("seconds", ClockFormat.seconds(milliseconds % 60_000))
        return result
    }

    private static func calendarDay(_ instant: Int, in zone: Zone) -> Int {
        CivilTime(millisecondsAsUTC: instant + zone.offsetSeconds(at: instant) * 1000).daysSinceEpoch
    }
}
