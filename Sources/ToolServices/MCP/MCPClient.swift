import AsyncHTTPClient
import ModelServices
import ToolSchema

/// A tool as an MCP server lists it.
struct MCPToolDescription: Sendable, Equatable {
    var name: String
    var description: String
    /// The `inputSchema`, as JSON text.
    var inputSchema: String
}

/// An MCP client of one server: the session (`initialize` with version negotiation, then
/// `notifications/initialized`; `Mcp-Session-Id` kept, a new session when the server
/// forgets it), `tools/list` with pagination and `tools/call`. Every exchange is bounded
/// by `timeout`; notifications that arrive in an answer go to `onNotification`.
actor MCPClient {
    /// The protocol versions this client speaks, newest first.
    static let protocolVersions = ["2025-06-18", "2025-03-26"]
    /// Bounds on a listing: pages read, tools kept.
    static let maximumPages = 20
    static let maximumTools = 256

    private let transport: MCPHTTPTransport
    private let timeout: Duration
    private let onNotification: @Sendable (String) -> Void
    private var session: Session?
    private var nextID = 1

    private struct Session {
        var id: String?
        var protocolVersion: String
    }

    init(transport: MCPHTTPTransport, timeout: Duration, onNotification: @escaping @Sendable (String) -> Void) {
        self.transport = transport
        self.timeout = timeout
        self.onNotification = onNotification
    }

    /// Every tool the server lists, following `nextCursor` (at most ``maximumPages`` pages).
    func listTools() async throws(MCPError) -> [MCPToolDescription] {
        var tools: [MCPToolDescription] = []
        var cursor: String?
        for _ in 0..<Self.maximumPages {
            let params: JSONValue = cursor.map { .object(JSONObject(members: [("cursor", .string($0))])!) } ?? .object(JSONObject())
            let result = try await request("tools/list", params)
            guard let listed = result["tools"]?.arrayValue else { throw .malformed("tools/list has no 'tools' array") }
            for case .object(let tool) in listed where tools.count < Self.maximumTools {
                guard let name = tool["name"]?.stringValue, let schema = tool["inputSchema"], schema.objectValue != nil else { continue }
                tools.append(MCPToolDescription(name: name, description: tool["description"]?.stringValue ?? "", inputSchema: schema.serialized()))
            }
            guard let next = result["nextCursor"]?.stringValue, !next.isEmpty else { return tools }
            cursor = next
        }
        return tools
    }

    /// Calls `name` with `arguments`; the result object as the server sent it.
    func callTool(_ name: String, arguments: JSONValue) async throws(MCPError) -> JSONObject {
        try await request("tools/call", .object(JSONObject(members: [("name", .string(name)), ("arguments", arguments)])!))
    }

    /// Sends a request in the session (starting one if there is none, and once more if the
    /// server forgot it) and returns its result.
    private func request(_ method: String, _ params: JSONValue) async throws(MCPError) -> JSONObject {
        let current = try await ensureSession()
        do {
            return try await exchange(method, params, session: current)
        } catch .sessionExpired {
            session = nil
            return try await exchange(method, params, session: try await ensureSession())
        }
    }

    private func ensureSession() async throws(MCPError) -> Session {
        if let session { return session }
        let offered = Self.protocolVersions[0]
        let params = JSONValue.object(
            JSONObject(members: [
                ("protocolVersion", .string(offered)),
                ("capabilities", .object(JSONObject())),
                ("clientInfo", .object(JSONObject(members: [("name", .string("flint")), ("version", .string("1"))])!)),
            ])!)
        let (result, sessionID) = try await exchangeWithSession("initialize", params, session: nil)
        guard let version = result["protocolVersion"]?.stringValue else { throw .malformed("initialize has no protocolVersion") }
        guard Self.protocolVersions.contains(version) else {
            throw .malformed("the server speaks MCP \(version.prefix(40)); Flint speaks \(Self.protocolVersions.joined(separator: ", "))")
        }
        let started = Session(id: sessionID, protocolVersion: version)
        let initialized = JSONValue.object(JSONObject(members: [("jsonrpc", .string("2.0")), ("method", .string("notifications/initialized"))])!)
        _ = try await bounded { [transport] () throws(MCPError) in
            try await transport.post(initialized, id: nil, sessionID: started.id, protocolVersion: version)
        }
        session = started
        return started
    }

    private func exchange(_ method: String, _ params: JSONValue, session: Session) async throws(MCPError) -> JSONObject {
        try await exchangeWithSession(method, params, session: session).result
    }

    private func exchangeWithSession(_ method: String, _ params: JSONValue, session: Session?) async throws(MCPError) -> (result: JSONObject, sessionID: String?) {
        let id = nextID
        nextID += 1
        let message = JSONValue.object(
            JSONObject(members: [("jsonrpc", .string("2.0")), ("id", .number(JSONNumber(id))), ("method", .string(method)), ("params", params)])!)
        let reply = try await bounded { [transport] () throws(MCPError) in
            try await transport.post(message, id: id, sessionID: session?.id, protocolVersion: session?.protocolVersion)
        }
        for notification in reply.notifications { onNotification(notification) }
        guard let response = reply.response else { throw .malformed("no response") }
        if let error = response["error"]?.objectValue {
            throw .rpc(code: error["code"]?.intValue ?? 0, message: error["message"]?.stringValue ?? "")
        }
        guard let result = response["result"]?.objectValue else { throw .malformed("the response has no result object") }
        return (result, reply.sessionID ?? session?.id)
    }

    /// Runs one exchange within ``timeout``.
    private func bounded<T: Sendable>(_ operation: @escaping @Sendable () async throws(MCPError) -> T) async throws(MCPError) -> T {
        let limit = timeout
        do {
            return try await withTimeLimit(.now.advanced(by: limit), expiry: { MCPError.timeout(limit) }, operation: { try await operation() })
        } catch let error as MCPError {
            throw error
        } catch {
            throw .unreachable("cancelled")
        }
    }
}
