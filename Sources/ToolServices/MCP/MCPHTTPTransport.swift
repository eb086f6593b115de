import AsyncHTTPClient
import Foundation
import ModelServices
import NIOCore
import NIOHTTP1
import ToolSchema

/// One MCP server's Streamable HTTP endpoint: each JSON-RPC message is a POST, and the
/// answer is JSON or a `text/event-stream` that carries notifications before the response.
/// Reads stream as they arrive, within `maxBytes` for the whole answer and `maxEventBytes`
/// for one event; the caller bounds the time.
struct MCPHTTPTransport: Sendable {
    let client: HTTPClient
    let url: String
    /// The operator's headers (credentials included): sent, never logged.
    let headers: [String: String]
    let maxBytes: Int
    let maxEventBytes: Int
    /// How long AsyncHTTPClient waits for the answer's head (retrying a refused connection
    /// meanwhile); the caller bounds the whole exchange by the same time.
    let timeout: Duration

    /// What one POST brought back.
    struct Reply: Sendable {
        /// The response to the request (nil for a notification, answered 202).
        var response: JSONObject?
        /// The methods of the notifications that came before it.
        var notifications: [String]
        /// The `Mcp-Session-Id` the server set, if any.
        var sessionID: String?
    }

    /// Posts `message`; for a request (`id` set) reads until its response arrives.
    func post(_ message: JSONValue, id: Int?, sessionID: String?, protocolVersion: String?) async throws(MCPError) -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        request.headers.replaceOrAdd(name: "Accept", value: "application/json, text/event-stream")
        if let sessionID { request.headers.replaceOrAdd(name: "Mcp-Session-Id", value: sessionID) }
        if let protocolVersion { request.headers.replaceOrAdd(name: "MCP-Protocol-Version", value: protocolVersion) }
        request.body = .bytes(ByteBuffer(string: message.serialized()))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
        } catch {
            throw .unreachable(Self.reason(error))
        }
        let newSession = response.headers.first(name: "Mcp-Session-Id")
        switch response.status.code {
        case 200..<300: break
        case 404 where sessionID != nil: throw .sessionExpired
        default: throw .status(Int(response.status.code))
        }
        guard let id else { return Reply(response: nil, notifications: [], sessionID: newSession) }
        if response.status.code == 202 { throw .malformed("a request was answered 202 without a response") }
        let type = response.headers.first(name: "Content-Type")?.lowercased() ?? ""
        var reply: Reply
        if type.hasPrefix("text/event-stream") {
            reply = try await readEvents(response.body, id: id)
        } else if type.hasPrefix("application/json") {
            reply = Reply(response: try Self.response(in: try await readAll(response.body), id: id), notifications: [], sessionID: nil)
        } else {
            throw .malformed("the content type is '\(type.prefix(80))', not JSON nor an event stream")
        }
        reply.sessionID = newSession
        return reply
    }

    private func readAll(_ body: HTTPClientResponse.Body) async throws(MCPError) -> String {
        var bytes: [UInt8] = []
        do {
            for try await chunk in body {
                guard bytes.count + chunk.readableBytes <= maxBytes else { throw MCPError.tooLarge(limit: maxBytes) }
                bytes.append(contentsOf: chunk.readableBytesView)
            }
        } catch let error as MCPError {
            throw error
        } catch {
            throw .unreachable(Self.reason(error))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .malformed("the answer is not UTF-8") }
        return text
    }

    private func readEvents(_ body: HTTPClientResponse.Body, id: Int) async throws(MCPError) -> Reply {
        var parser = ServerSentEventParser(maximumLineLength: maxEventBytes, maximumEventSize: maxEventBytes)
        var notifications: [String] = []
        var total = 0
        do {
            for try await chunk in body {
                total += chunk.readableBytes
                guard total <= maxBytes else { throw MCPError.tooLarge(limit: maxBytes) }
                for event in try parser.parse(chunk.readableBytesView) where !event.data.isEmpty {
                    let message = try Self.message(event.data)
                    if let response = Self.matching(message, id: id) {
                        return Reply(response: response, notifications: notifications, sessionID: nil)
                    }
                    if message["id"] == nil, let method = message["method"]?.stringValue, notifications.count < 64 {
                        notifications.append(method)
                    }
                }
            }
        } catch let error as MCPError {
            throw error
        } catch let error as ServerSentEventParser.ParseError {
            throw .malformed(error.description)
        } catch {
            throw .unreachable(Self.reason(error))
        }
        throw .unreachable("the event stream ended before the response")
    }

    /// The response with `id` in a JSON body: one message, or a batch.
    private static func response(in text: String, id: Int) throws(MCPError) -> JSONObject {
        let value: JSONValue
        do {
            value = try JSONParser.parse(text, limits: .init(maxBytes: Int.max))
        } catch {
            throw .malformed("not JSON: \(error)")
        }
        let messages = value.arrayValue ?? [value]
        for case .object(let message) in messages {
            if let response = matching(message, id: id) { return response }
        }
        throw .malformed("no JSON-RPC response to request \(id)")
    }

    private static func message(_ text: String) throws(MCPError) -> JSONObject {
        do {
            guard case .object(let message) = try JSONParser.parse(text, limits: .init(maxBytes: Int.max)) else {
                throw MCPError.malformed("an event is not a JSON-RPC message")
            }
            return message
        } catch let error as MCPError {
            throw error
        } catch {
            throw .malformed("an event is not JSON: \(error)")
        }
    }

    private static func matching(_ message: JSONObject, id: Int) -> JSONObject? {
        guard message["id"]?.intValue == id, message["method"] == nil else { return nil }
        return message
    }

    /// A transport error's kind, without the URL's secrets (there are none in it) or headers.
    private static func reason(_ error: any Error) -> String {
        String(String(describing: error).prefix(200))
    }
}
