import Foundation
import ServerTools
import Testing
import ToolSchema

@Suite struct ServerToolRegistryTests {
    @Test func builtInHasCalculatorAndClock() async throws {
        let registry = ServerToolRegistry.builtIn(now: { Date(timeIntervalSince1970: 0) })
        #expect(registry.names == ["calculator", "clock"])
        #expect(registry.tool(named: "calculator") is Calculator)
        #expect(registry.tool(named: "clock") is ClockTool)
        #expect(registry.tool(named: "shell") == nil)
        let clockTool = try #require(registry.tool(named: "clock"))
        #expect(try await clockTool.run(arguments(["operation": "now"]), context: ServerToolContext()).contains(#""utc":"1970-01-01T00:00:00Z""#))
    }

    @Test func aSecondToolOfATakenNameIsRefusedNotDropped() {
        #expect(throws: ServerToolRegistryError(duplicateName: "calculator")) {
            _ = try ServerToolRegistry(tools: [Calculator(), ClockTool(), Calculator(bounds: .standard)])
        }
    }

    @Test func descriptionsAndLimitsArePublished() {
        for tool in ServerToolRegistry.builtIn().tools {
            #expect(tool.description.count > 100, "\(tool.name)")
            #expect(tool.limits.maxOutputBytes > 0 && tool.limits.timeout > .zero)
        }
    }
}
