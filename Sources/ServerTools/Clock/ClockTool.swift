import Foundation
import ToolSchema

/// The built-in `clock` tool: the current time in a zone, conversions between zones, and differences of times.
///
/// Zones are IANA ids from the system tz database (`TimeZone(identifier:)`); abbreviations come from the zone's
/// TZif file. Times are ISO 8601 (`TimeText`): with `Z` or an offset they are instants; without, they are local
/// wall times in the operation's zone. A local time skipped by a clock change is a failure; one that occurs twice
/// uses the earlier instant and adds a `note`. Results (compact JSON), where a *zoned time* is
/// `{"zone":"America/New_York","time":"2026-03-08T03:00:00-04:00","abbreviation":"EDT","utc_offset":"-04:00",
/// "weekday":"Sunday","dst":true}`:
/// - `now` (`zone`, default "UTC"), to the whole second:
///   `{"operation":"now","utc":"…Z","unix_seconds":N,` + the zoned time's members `}`.
/// - `convert` (`time`, `from_zone` for a local time, `to_zone` default "UTC"):
///   `{"operation":"convert","utc":"…Z","from":<zoned time, when from_zone is given>,"to":<zoned time>[,"note":…]}`.
/// - `difference` (`from`, `to`; `zone`, default "UTC", for local times and calendar days):
///   `{"operation":"difference","from":"…Z","to":"…Z","seconds":S,"negative":B,
///   "duration":{"days":D,"hours":H,"minutes":M,"seconds":S},"calendar_days":C,"calendar_zone":"…"}` where
///   `seconds` is `to - from` (negative when `to` is earlier), `duration` breaks down its absolute value, and
///   `calendar_days` counts the dates between them in `calendar_zone`.
public struct ClockTool: ServerTool {
    /// "clock".
    public let name = "clock"
    /// 1 second and 2,048 bytes.
    public let limits: ServerToolLimits
    let now: @Sendable () -> Date

    /// Creates the clock; `now` supplies the current time (inject a fixed one in tests).
    public init(
        now: @escaping @Sendable () -> Date = { Date() },
        limits: ServerToolLimits = ServerToolLimits(timeout: .seconds(1), maxOutputBytes: 2_048)
    ) {
        self.now = now
        self.limits = limits
    }

    /// What the model reads.
    public var description: String {
        """
        Current date and time, time-zone conversion, and time differences, from the system time-zone database \
        (daylight saving included). operation "now": the current time in "zone" (IANA id, default "UTC"). \
        "convert": "time" (ISO 8601 like 2026-03-08T14:30:00-05:00 or Z; a local time without offset is read in \
        "from_zone") into "to_zone" (default "UTC"). "difference": seconds and days/hours/minutes from "from" to "to" \
        (ISO 8601; local times are read in "zone", default "UTC"), plus the calendar days between them in "zone". \
        Use it instead of guessing the date, an offset, or whether daylight saving applies.
        """
    }

    /// The arguments' schema: `operation` required; the other members depend on it.
    public var parametersSchema: String {
        let zone = #"{"type":"string","minLength":1,"maxLength":64,"pattern":"^[A-Za-z0-9_+\\-/]+$","description":"#
        let time = #"{"type":"string","minLength":10,"maxLength":40,"description":"#
        return #"{"type":"object","properties":{"#
            + #""operation":{"type":"string","enum":["now","convert","difference"],"description":"What to compute."},"#
            + #""zone":\#(zone)"IANA time zone id for now and difference (default UTC), e.g. America/New_York."},"#
            + #""time":\#(time)"convert: ISO 8601 time, with Z or an offset, or local in from_zone."},"#
            + #""from_zone":\#(zone)"convert: the zone of a local time; also shows the time there."},"#
            + #""to_zone":\#(zone)"convert: the target IANA zone (default UTC)."},"#
            + #""from":\#(time)"difference: the start time (ISO 8601)."},"#
            + #""to":\#(time)"difference: the end time (ISO 8601)."}"#
            + #"},"required":["operation"],"additionalProperties":false}"#
    }

    /// Runs one operation.
    public func run(_ arguments: JSONValue, context _: ServerToolContext = ServerToolContext()) async throws(ServerToolFailure) -> String {
        let arguments = try ToolArguments(arguments)
        let operation = try arguments.requiredString("operation", maxLength: 16)
        let result: ResultJSON
        switch operation {
        case "now": result = try current(arguments)
        case "convert": result = try convert(arguments)
        case "difference": result = try difference(arguments)
        default: throw ServerToolFailure("unknown operation \"\(operation.prefix(16))\": use \"now\", \"convert\", or \"difference\"")
        }
        return try limits.capped(result.text)
    }
}
