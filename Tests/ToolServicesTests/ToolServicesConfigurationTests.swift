import Foundation
import FlintTestSupport
import Testing
import ToolServices

@Suite struct ToolServicesConfigurationTests {
    private func decode(_ json: String, environment: [String: String] = [:]) throws(ToolServicesConfigurationError) -> ToolServicesConfiguration {
        try ToolServicesConfiguration.decode(json: Data(json.utf8), environment: environment)
    }

    private func refusal(_ json: String, environment: [String: String] = [:]) -> ToolServicesConfigurationError? {
        do {
            _ = try decode(json, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test func aFullServerEntryIsRead() throws {
        let configuration = try decode(
            """
            {"refreshIntervalMs": 60000, "retryIntervalMs": 1000, "servers": [{"name": "orders", "url": "https://tools.example/mcp",
             "headers": {"X-Team": "a"}, "bearerTokenEnv": "ORDERS_TOKEN", "tools": ["lookup"], "timeoutMs": 2500,
             "maxOutputBytes": 4096, "partners": ["acme"]}]}
            """, environment: ["ORDERS_TOKEN": "s3cret"])
        let server = try #require(configuration.servers.first)
        #expect(server.name == "orders")
        #expect(server.headers == ["X-Team": "a", "Authorization": "Bearer s3cret"])
        #expect(server.tools == ["lookup"])
        #expect(server.timeout == .milliseconds(2500))
        #expect(server.maxOutputBytes == 4096)
        #expect(server.partners == ["acme"])
        #expect(configuration.refreshInterval == .seconds(60))
        #expect(configuration.retryInterval == .seconds(1))
    }

    @Test func defaultsAreAllToolsAndAllPartners() throws {
        let server = try #require(try decode(#"{"servers": [{"name": "a", "url": "http://127.0.0.1:9/mcp", "tools": "all"}]}"#).servers.first)
        #expect(server.tools == nil)
        #expect(server.partners == nil)
        #expect(server.headers.isEmpty)
    }

    @Test func unknownKeysAreRefusedByPath() {
        #expect(refusal(#"{"servers": [], "extra": 1}"#)?.path == "extra")
        #expect(refusal(#"{"servers": [{"name": "a", "url": "https://x/mcp", "timeout": 5}]}"#)?.path == "servers[0].timeout")
    }

    @Test func urlsAreHTTPSOrLoopbackHTTP() {
        #expect(refusal(#"{"servers": [{"name": "a", "url": "http://tools.example/mcp"}]}"#)?.path == "servers[0].url")
        #expect(refusal(#"{"servers": [{"name": "a", "url": "ftp://127.0.0.1/mcp"}]}"#)?.path == "servers[0].url")
        #expect(refusal(#"{"servers": [{"name": "a", "url": "https://u:p@x/mcp"}]}"#)?.path == "servers[0].url")
        #expect(refusal(#"{"servers": [{"name": "a", "url": "http://localhost:8/mcp"}]}"#) == nil)
    }

    @Test func namesAndBoundsAreChecked() {
        #expect(refusal(#"{"servers": [{"name": "Has_Under", "url": "https://x/mcp"}]}"#)?.path == "servers[0].name")
        #expect(refusal(#"{"servers": [{"name": "a", "url": "https://x/mcp"}, {"name": "a", "url": "https://y/mcp"}]}"#)?.path == "servers[1].name")
        #expect(refusal(#"{"servers": [{"name": "a", "url": "https://x/mcp", "timeoutMs": 0}]}"#)?.path == "servers[0].timeoutMs")
        #expect(refusal(#"{"servers": [{"name": "a", "url": "https://x/mcp", "tools": "some"}]}"#)?.path == "servers[0].tools")
        #expect(refusal(#"{"servers": [{"name": "a", "url": "https://x/mcp", "partners": []}]}"#)?.path == "servers[0].partners")
    }

    @Test func aMissingSecretIsNamedButNeverShown() throws {
        let missing = refusal(#"{"servers": [{"name": "a", "url": "https://x/mcp", "bearerTokenEnv": "NOPE"}]}"#)
        #expect(missing?.path == "servers[0].bearerTokenEnv")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.file("token")
        try "file-secret\n".write(toFile: file, atomically: true, encoding: .utf8)
        let server = try #require(try decode(#"{"servers": [{"name": "a", "url": "https://x/mcp", "bearerTokenFile": "\#(file)"}]}"#).servers.first)
        #expect(server.headers["Authorization"] == "Bearer file-secret")
        let both = refusal(#"{"servers": [{"name": "a", "url": "https://x/mcp", "bearerTokenFile": "\#(file)", "bearerTokenEnv": "T"}]}"#, environment: ["T": "env-secret"])
        #expect(both != nil)
        #expect(both.map { !"\($0)".contains("secret") } == true)
    }
}
