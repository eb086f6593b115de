import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A request as the scripted server received it.
public struct RecordedRequest: Sendable {
    public var method: HTTPMethod
    public var path: String
    public var body: String

    /// The body as a JSON object (empty when it is not one).
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }
}

/// What the scripted server does with one request.
public enum ScriptedBehaviour: Sendable {
    /// A complete answer.
    case respond(status: HTTPResponseStatus = .ok, contentType: String = "application/json", body: String)
    /// An event stream: each chunk after `interval`, then the end of the body.
    case stream(chunks: [String], interval: Duration = .milliseconds(5))
    /// An event stream that writes `chunk` every `interval` until the client goes away.
    case streamForever(chunk: String, interval: Duration = .milliseconds(20))
    /// An event stream that writes `chunks`, then closes the connection mid-body.
    case streamThenDie(chunks: [String])
    /// An event stream that writes `chunk` as fast as the client takes it, counting the
    /// chunks written, until the client goes away.
    case flood(chunk: String)
    /// An event stream of one line that never ends: `x` bytes, 64 KiB at a time.
    case endlessLine
    /// Reads the request and never answers.
    case neverAnswer
    /// Reads the request and closes the connection without a byte of answer.
    case closeWithoutAnswer
}

/// An HTTP/1.1 server on 127.0.0.1:0 that answers by script, and records what it saw:
/// requests, and clients that went away while it was still answering.
public final class ScriptedHTTPServer: Sendable {
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    public let port: Int
    private let serverChannel: NIOAsyncChannel<Connection, Never>
    private let script: @Sendable (RecordedRequest) -> ScriptedBehaviour
    private let record = Mutex(Record())

    private struct Record {
        var requests: [RecordedRequest] = []
        var abandonedResponses = 0
        var floodedChunks = 0
        var lastAbandonedAt: ContinuousClock.Instant?
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    public var requests: [RecordedRequest] { record.withLock { $0.requests } }

    /// Responses the server was still writing (or waiting to write) when the client closed
    /// the connection: a cancelled request.
    public var abandonedResponses: Int { record.withLock { $0.abandonedResponses } }
    /// Chunks a `.flood` answer has written so far.
    public var floodedChunks: Int { record.withLock { $0.floodedChunks } }

    /// When the client last closed a connection the server was still answering on.
    public var lastAbandonedAt: ContinuousClock.Instant? { record.withLock { $0.lastAbandonedAt } }

    private init(channel: NIOAsyncChannel<Connection, Never>, script: @escaping @Sendable (RecordedRequest) -> ScriptedBehaviour) {
        self.serverChannel = channel
        self.port = channel.channel.localAddress!.port!
        self.script = script
    }

    /// Runs `body` with a server that answers by `script`; the server stops afterwards.
    public static func with<T: Sendable>(
        _ script: @escaping @Sendable (RecordedRequest) -> ScriptedBehaviour,
        _ body: (ScriptedHTTPServer) async throws -> T
    ) async throws -> T {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        let server = ScriptedHTTPServer(channel: channel, script: script)
        let accepting = Task { await server.acceptConnections() }
        defer { accepting.cancel() }
        return try await body(server)
    }

    /// Waits until `condition` holds, up to `timeout`.
    public func wait(timeout: Duration = .seconds(3), until condition: (ScriptedHTTPServer) -> Bool) async -> Bool {
        let end = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < end {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(self)
    }

    private func acceptConnections() async {
        try? await serverChannel.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in inbound {
                    group.addTask { await self.serve(connection) }
                }
            }
        }
    }

    private func serve(_ connection: Connection) async {
        try? await connection.executeThenClose { inbound, outbound in
            var parts = inbound.makeAsyncIterator()
            while let request = try await Self.readRequest(&parts) {
                record.withLock { $0.requests.append(request) }
                try await perform(script(request), parts: &parts, outbound: outbound)
            }
        }
    }

    private static func readRequest(_ parts: inout NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator) async throws -> RecordedRequest? {
        guard case .head(let head) = try await parts.next() else { return nil }
        var body = ""
        while let part = try await parts.next() {
            switch part {
            case .head: throw ScriptedServerError.unexpectedHead
            case .body(let buffer): body += String(buffer: buffer)
            case .end: return RecordedRequest(method: head.method, path: head.uri, body: body)
            }
        }
        return nil
    }

    private func perform(
        _ behaviour: ScriptedBehaviour,
        parts: inout NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        switch behaviour {
        case .respond(let status, let contentType, let body):
            var headers = HTTPHeaders([("content-type", contentType), ("content-length", "\(body.utf8.count)")])
            headers.add(name: "connection", value: "keep-alive")
            try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
            try await outbound.write(.end(nil))
        case .stream(let chunks, let interval):
            try await writeEventStreamHead(outbound)
            for chunk in chunks {
                try await Task.sleep(for: interval)
                try await outbound.write(.body(.byteBuffer(ByteBuffer(string: chunk))))
            }
            try await outbound.write(.end(nil))
        case .streamForever(let chunk, let interval):
            try await writeEventStreamHead(outbound)
            do {
                while true {
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(string: chunk))))
                    try await Task.sleep(for: interval)
                }
            } catch {
                noteAbandoned(error)
                throw error
            }
        case .flood(let chunk):
            try await writeEventStreamHead(outbound)
            let buffer = ByteBuffer(string: chunk)
            do {
                while true {
                    try await outbound.write(.body(.byteBuffer(buffer)))
                    record.withLock { $0.floodedChunks += 1 }
                }
            } catch {
                noteAbandoned(error)
                throw error
            }
        case .streamThenDie(let chunks):
            try await writeEventStreamHead(outbound)
            for chunk in chunks {
                try await outbound.write(.body(.byteBuffer(ByteBuffer(string: chunk))))
            }
            try await Task.sleep(for: .milliseconds(20))
            throw ScriptedServerError.died
        case .endlessLine:
            try await writeEventStreamHead(outbound)
            let block = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 << 10)
            try await outbound.write(.body(.byteBuffer(ByteBuffer(string: "data: "))))
            do {
                while true { try await outbound.write(.body(.byteBuffer(block))) }
            } catch {
                noteAbandoned(error)
                throw error
            }
        case .closeWithoutAnswer:
            throw ScriptedServerError.died
        case .neverAnswer:
            // Waits for the client to close the connection (or for the server to stop).
            do {
                while try await parts.next() != nil {}
                noteAbandoned(nil)
            } catch {
                noteAbandoned(error)
                throw error
            }
            throw ScriptedServerError.clientLeft
        }
    }

    /// Counts a response the client abandoned, not one the server stopped on shutdown.
    private func noteAbandoned(_ error: (any Error)?) {
        if error is CancellationError { return }
        record.withLock {
            $0.abandonedResponses += 1
            $0.lastAbandonedAt = .now
        }
    }

    private func writeEventStreamHead(_ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        let headers = HTTPHeaders([("content-type", "text/event-stream"), ("cache-control", "no-cache")])
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
    }
}

public enum ScriptedServerError: Error {
    case unexpectedHead
    case died
    case clientLeft
}
