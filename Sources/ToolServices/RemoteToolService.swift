import AsyncHTTPClient
import Logging
import ServerTools
import Synchronization
import ToolSchema

/// One configured MCP server and its tools as last listed: read again on a timer, at once
/// when the server says its list changed, and every `retryInterval` while it cannot be
/// reached (a server down at start has no tools until it answers).
final class RemoteToolService: Sendable {
    let server: ToolServicesConfiguration.Server
    private let client: MCPClient
    private let cache = Mutex<[RemoteTool]>([])
    private let changed: ListChangedSignal
    private let logger: Logger

    init(server: ToolServicesConfiguration.Server, httpClient: HTTPClient, logger: Logger) {
        self.server = server
        self.logger = logger
        // The answer's JSON is larger than the result it carries (escapes, base64 images,
        // the envelope): twice the cap and 64 KiB are read, the result is then held to the cap.
        let answerBytes = server.maxOutputBytes * 2 + (64 << 10)
        let transport = MCPHTTPTransport(client: httpClient, url: server.url, headers: server.headers, maxBytes: answerBytes, maxEventBytes: answerBytes,
            timeout: server.timeout)
        let changed = ListChangedSignal()
        self.client = MCPClient(transport: transport, timeout: server.timeout) { method in
            if method == "notifications/tools/list_changed" { changed.raise() }
        }
        self.changed = changed
    }

    /// The tools as last listed.
    var tools: [RemoteTool] { cache.withLock { $0 } }

    /// Lists the tools again; false when the server could not be read (the old list stays).
    @discardableResult
    func refresh() async -> Bool {
        changed.clear()
        do {
            let listed = try await client.listTools()
            let tools = listed.compactMap(tool(for:))
            cache.withLock { $0 = tools }
            logger.info("listed the tool service's tools", metadata: ["tools.server": "\(server.name)", "tools.count": "\(tools.count)"])
            return true
        } catch {
            logger.warning("cannot list the tool service's tools", metadata: ["tools.server": "\(server.name)", "error": "\(error)"])
            return false
        }
    }

    /// Refreshes until cancelled: every `refreshInterval` (every `retryInterval` while the
    /// server cannot be read), and within `retryInterval` of a list_changed notification.
    func run(refreshInterval: Duration, retryInterval: Duration, sleep: @Sendable (Duration) async throws -> Void) async {
        var ok = await refresh()
        var waited = Duration.zero
        while !Task.isCancelled {
            let step = min(retryInterval, refreshInterval)
            do { try await sleep(step) } catch { return }
            waited += step
            if !ok || changed.isRaised || waited >= refreshInterval {
                ok = await refresh()
                waited = .zero
            }
        }
    }

    /// A listed tool as a server tool, or nil (logged) when its name or schema cannot be offered.
    private func tool(for description: MCPToolDescription) -> RemoteTool? {
        if let allowed = server.tools, !allowed.contains(description.name) { return nil }
        let name = server.name + RemoteTool.separator + description.name
        guard ToolName.isValid(name) else {
            logger.warning("skipping a remote tool whose name Flint cannot offer", metadata: ["tools.server": "\(server.name)", "tools.tool": "\(description.name.prefix(80))"])
            return nil
        }
        do {
            _ = try JSONSchema(compiling: description.inputSchema)
        } catch {
            logger.warning("skipping a remote tool whose inputSchema Flint cannot check", metadata: ["tools.server": "\(server.name)", "tools.tool": "\(description.name)", "error": "\(error)"])
            return nil
        }
        return RemoteTool(
            name: name, remoteName: description.name, description: String(description.description.prefix(2048)), parametersSchema: description.inputSchema,
            limits: ServerToolLimits(timeout: server.timeout, maxOutputBytes: server.maxOutputBytes), runsIn: "mcp:\(server.name)",
            partners: server.partners, client: client)
    }
}

/// Set when the server says its tool list changed; cleared by the next listing.
final class ListChangedSignal: Sendable {
    private let raised = Mutex(false)

    func raise() { raised.withLock { $0 = true } }
    func clear() { raised.withLock { $0 = false } }
    var isRaised: Bool { raised.withLock { $0 } }
}
