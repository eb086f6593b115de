import Foundation

/// A real MCP server for tests: the official Python SDK serving Streamable HTTP on a
/// loopback port (Tests/ToolServicesTests/Fixtures/mcp_test_server.py), run with the
/// Python that scripts/setup-mcp.sh installs (`FLINT_MCP_PYTHON`). Stop it with ``stop()``.
public final class MCPTestServer: @unchecked Sendable {
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    public let port: Int
    private let process: Process

    /// The endpoint URL.
    public var url: String { "http://127.0.0.1:\(port)/mcp" }

    /// Starts the server (JSON answers when `json`, else event streams; 401 to requests
    /// without `Authorization: Bearer <token>` when `token` is set) and waits, at most 30 s,
    /// for it to print its port.
    public static func start(json: Bool = false, token: String? = nil) async throws -> MCPTestServer {
        guard let python = ProcessInfo.processInfo.environment["FLINT_MCP_PYTHON"], FileManager.default.isExecutableFile(atPath: python) else {
            throw Unavailable(description: "FLINT_MCP_PYTHON is not set to a Python with the mcp package: run eval \"$(scripts/setup-mcp.sh)\" (scripts/test.sh does)")
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ToolServicesTests/Fixtures/mcp_test_server.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + (json ? ["--json"] : []) + (token.map { ["--token", $0] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let handle = output.fileHandleForReading
        let port: Int
        do {
            port = try await bounded(.seconds(30)) {
                var line = Data()
                while !line.contains(UInt8(ascii: "\n")) {
                    let chunk = handle.availableData
                    if chunk.isEmpty { throw Unavailable(description: "the MCP test server exited before printing its port") }
                    line.append(chunk)
                }
                let text = String(decoding: line, as: UTF8.self)
                guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5).prefix { $0.isNumber }) else {
                    throw Unavailable(description: "the MCP test server printed '\(text.prefix(100))'")
                }
                return port
            }
        } catch {
            kill(process.processIdentifier, SIGKILL)
            throw error
        }
        return MCPTestServer(port: port, process: process)
    }

    /// Starts a server, runs `body` with it, and stops it on every path.
    public static func with<T: Sendable>(json: Bool = false, token: String? = nil, _ body: (MCPTestServer) async throws -> T) async throws -> T {
        let server = try await start(json: json, token: token)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    private init(port: Int, process: Process) {
        self.port = port
        self.process = process
    }

    /// Whether the process still runs (the `die` tool ends it).
    public var isRunning: Bool { process.isRunning }

    /// Kills the server (no graceful drain of its open streams) and waits, bounded, for it to exit.
    public func stop() async {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        _ = try? await bounded(.seconds(10)) { [process] in
            while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
