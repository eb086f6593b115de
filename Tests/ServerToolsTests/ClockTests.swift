import ServerTools
import Testing
import ToolSchema

@Suite struct ClockTests {
    @Test func nowInUTCUsesTheInjectedClock() async throws {
        #expect(
            try await runClock(["operation": "now"]) == #"{"operation":"now","utc":"2026-03-08T07:00:00Z","unix_seconds":1772953200,"#
                + #""zone":"UTC","time":"2026-03-08T07:00:00+00:00","abbreviation":"UTC","utc_offset":"+00:00","weekday":"Sunday","dst":false}"#)
    }

    @Test func nowIsToTheWholeSecond() async throws {
        let result = try object(try await runClock(["operation": "now", "zone": "Asia/Kolkata"], on: clock(at: 1_772_953_200.75)))
        #expect(result["time"] as? String == "2026-03-08T12:30:00+05:30")
        #expect(result["unix_seconds"] as? Int == 1_772_953_200)
        #expect(result["abbreviation"] as? String == "IST")
    }

    @Test func nowAcrossNewYorkSpringForward() async throws {
        let after = try object(try await runClock(["operation": "now", "zone": "America/New_York"]))
        #expect(after["time"] as? String == "2026-03-08T03:00:00-04:00")
        #expect(after["abbreviation"] as? String == "EDT")
        #expect(after["utc_offset"] as? String == "-04:00")
        #expect(after["dst"] as? Bool == true)
        let before = try object(try await runClock(["operation": "now", "zone": "America/New_York"], on: clock(at: 1_772_953_199)))
        #expect(before["time"] as? String == "2026-03-08T01:59:59-05:00")
        #expect(before["abbreviation"] as? String == "EST")
        #expect(before["dst"] as? Bool == false)
        #expect(before["weekday"] as? String == "Sunday")
    }

    @Test func convertInstantToZone() async throws {
        let text = try await runClock(["operation": "convert", "time": "2026-07-01T12:00:00+02:00", "to_zone": "Asia/Tokyo"])
        #expect(
            text == #"{"operation":"convert","utc":"2026-07-01T10:00:00Z","to":{"zone":"Asia/Tokyo","#
                + #""time":"2026-07-01T19:00:00+09:00","abbreviation":"JST","utc_offset":"+09:00","weekday":"Wednesday","dst":false}}"#)
    }

    @Test func convertLocalTimeFromZone() async throws {
        let result = try object(try await runClock(["operation": "convert", "time": "2026-01-15T12:00", "from_zone": "Asia/Kolkata"]))
        #expect(result["utc"] as? String == "2026-01-15T06:30:00Z")
        let from = try #require(result["from"] as? [String: Any])
        #expect(from["time"] as? String == "2026-01-15T12:00:00+05:30")
        #expect(from["abbreviation"] as? String == "IST")
        #expect(from["weekday"] as? String == "Thursday")
        let to = try #require(result["to"] as? [String: Any])
        #expect(to["time"] as? String == "2026-01-15T06:30:00+00:00")
    }

    @Test func londonSummerTimeBoundary() async throws {
        let before = try object(try await runClock(["operation": "convert", "time": "2026-03-29T00:59:59Z", "to_zone": "Europe/London"]))
        let after = try object(try await runClock(["operation": "convert", "time": "2026-03-29T01:00:00Z", "to_zone": "Europe/London"]))
        let beforeTo = try #require(before["to"] as? [String: Any])
        let afterTo = try #require(after["to"] as? [String: Any])
        #expect(beforeTo["time"] as? String == "2026-03-29T00:59:59+00:00")
        #expect(beforeTo["abbreviation"] as? String == "GMT")
        #expect(afterTo["time"] as? String == "2026-03-29T02:00:00+01:00")
        #expect(afterTo["abbreviation"] as? String == "BST")
    }

    @Test func localTimeInSpringForwardGapFails() async {
        #expect(
            await clockFailure(["operation": "convert", "time": "2026-03-08T02:30", "from_zone": "America/New_York"])
                == "2026-03-08T02:30:00 does not exist in America/New_York: the clocks skip it (a daylight-saving change)")
    }

    @Test func ambiguousFallBackTimeUsesTheEarlierInstant() async throws {
        let result = try object(try await runClock(["operation": "convert", "time": "2026-11-01T01:30:00", "from_zone": "America/New_York"]))
        #expect(result["utc"] as? String == "2026-11-01T05:30:00Z")
        #expect(
            result["note"] as? String
                == "2026-11-01T01:30:00 occurs twice in America/New_York; used the earlier, 2026-11-01T01:30:00-04:00")
    }

    @Test(.enabled(if: TimeZoneAvailability.has("Australia/Lord_Howe")))
    func lordHoweHalfHourDaylightSaving() async throws {
        let before = try object(try await runClock(["operation": "convert", "time": "2026-10-03T15:29:59Z", "to_zone": "Australia/Lord_Howe"]))
        let after = try object(try await runClock(["operation": "convert", "time": "2026-10-03T15:30:00Z", "to_zone": "Australia/Lord_Howe"]))
        #expect((before["to"] as? [String: Any])?["time"] as? String == "2026-10-04T01:59:59+10:30")
        #expect((after["to"] as? [String: Any])?["time"] as? String == "2026-10-04T02:30:00+11:00")
        #expect((after["to"] as? [String: Any])?["dst"] as? Bool == true)
    }

    @Test func differenceAcrossSpringForwardIsTwentyThreeHours() async throws {
        let text = try await runClock(["operation": "difference", "from": "2026-03-08T00:00", "to": "2026-03-09T00:00", "zone": "America/New_York"])
        #expect(
            text == #"{"operation":"difference","from":"2026-03-08T05:00:00Z","to":"2026-03-09T04:00:00Z","seconds":82800,"#
                + #""negative":false,"duration":{"days":0,"hours":23,"minutes":0,"seconds":0},"calendar_days":1,"calendar_zone":"America/New_York"}"#)
    }

    @Test func differenceNegativeAndFractional() async throws {
        let text = try await runClock(["operation": "difference", "from": "2026-01-02T01:02:03.5Z", "to": "2026-01-01T00:00:00Z"])
        #expect(
            text == #"{"operation":"difference","from":"2026-01-02T01:02:03.500Z","to":"2026-01-01T00:00:00Z","seconds":-90123.5,"#
                + #""negative":true,"duration":{"days":1,"hours":1,"minutes":2,"seconds":3.5},"calendar_days":-1,"calendar_zone":"UTC"}"#)
    }

    @Test func unknownZoneIsNamed() async {
        let message = await clockFailure(["operation": "now", "zone": "Mars/Olympus"])
        #expect(message == #"unknown time zone "Mars/Olympus" in "zone": use an IANA id like "Europe/London" or "UTC""#)
        #expect(
            await clockFailure(["operation": "convert", "time": "2026-01-01T00:00Z", "to_zone": "../../etc/passwd"])?
                .hasPrefix(#"unknown time zone "../../etc/passwd""#) == true)
    }

    @Test(arguments: [
        ("yesterday", #""time" is not an ISO 8601 time"#),
        ("2026-02-30T00:00:00Z", #""time": day 30 does not exist in 2026-02"#),
        ("2026-13-01T00:00:00Z", #""time": month 13 is outside 1...12"#),
        ("2026-03-08T25:00:00Z", #""time": hour 25 is outside 0...23"#),
        ("2026-03-08T10:00:00+2", #""time" is not an ISO 8601 time"#),
        ("2026-03-08T10:00", #""time" has no UTC offset"#),
    ])
    func badTimeText(time: String, prefix: String) async {
        let message = await clockFailure(["operation": "convert", "time": time])
        #expect(message?.hasPrefix(prefix) == true, "\(message ?? "no failure")")
    }

    @Test func badOperationAndMissingArguments() async {
        #expect(await clockFailure(["operation": "tomorrow"]) == #"unknown operation "tomorrow": use "now", "convert", or "difference""#)
        #expect(await clockFailure(["operation": "difference", "from": "2026-01-01T00:00Z"]) == #"missing required string "to""#)
        #expect(await clockFailure([:]) == #"missing required string "operation""#)
    }

    @Test func outputCapIsEnforced() async {
        let tiny = ClockTool(now: { .init(timeIntervalSince1970: 0) }, limits: ServerToolLimits(timeout: .seconds(1), maxOutputBytes: 50))
        #expect(await clockFailure(["operation": "now"], on: tiny)?.hasSuffix("over the 50-byte output limit") == true)
    }
}
