import Foundation
import ServerTools
import ToolSchema

/// Tool arguments as a JSON object of string members: the one place the tests build a `JSONObject`.
func arguments(_ members: KeyValuePairs<String, String>) -> JSONValue {
    var object = JSONObject()
    for member in members { object[member.key] = .string(member.value) }
    return .object(object)
}

/// A calculator with a generous time limit, for tests whose big-number work is slow in debug builds on a busy machine.
let patientCalculator = Calculator(limits: ServerToolLimits(timeout: .seconds(120), maxOutputBytes: Calculator().limits.maxOutputBytes))

/// The calculator's result text for `expression`.
func calculate(_ expression: String, with calculator: Calculator = Calculator()) async throws -> String {
    try await calculator.run(arguments(["expression": expression]))
}

/// The failure message for `expression`, or nil when it evaluates.
func calculatorFailure(_ expression: String, with calculator: Calculator = Calculator()) async -> String? {
    await failure { () async throws(ServerToolFailure) in try await calculator.run(arguments(["expression": expression])) }
}

/// The failure message of a tool run, or nil when it returns.
func failure(_ body: () async throws(ServerToolFailure) -> String) async -> String? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error.message
    }
}

/// The result text parsed as a JSON object.
func object(_ text: String) throws -> [String: Any] {
    let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
    guard let object = parsed as? [String: Any] else { throw FixtureError.notAnObject(text) }
    return object
}

enum FixtureError: Error {
    case notAnObject(String)
}

/// The clock at a fixed instant: 2026-03-08T07:00:00Z, when New York springs forward.
func clock(at unixSeconds: Double = 1_772_953_200) -> ClockTool {
    ClockTool(now: { Date(timeIntervalSince1970: unixSeconds) })
}

/// The clock's result text.
func runClock(_ members: KeyValuePairs<String, String>, on tool: ClockTool = clock()) async throws -> String {
    try await tool.run(arguments(members))
}

/// The clock's failure message, or nil when it returns.
func clockFailure(_ members: KeyValuePairs<String, String>, on tool: ClockTool = clock()) async -> String? {
    await failure { () async throws(ServerToolFailure) in try await tool.run(arguments(members)) }
}
