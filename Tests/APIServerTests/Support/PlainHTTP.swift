import FlintTestSupport
import NIOCore
import NIOPosix

/// One HTTP/1.1 request over a plain TCP socket, read to the server's close, for the
/// metrics listener's tests.
enum PlainHTTP {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    struct Malformed: Error {}

    /// Sends `request` (raw bytes) to 127.0.0.1:`port` and reads until the server closes,
    /// within 30 s (the listener itself closes a connection after 10 s).
    static func exchange(port: Int, _ request: String) async throws -> String {
        try await bounded(.seconds(30)) {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port) { channel in
                    channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
                }
            return try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: request))
                var received = ByteBuffer()
                for try await part in inbound {
                    var part = part
                    received.writeBuffer(&part)
                    guard received.readableBytes <= 16 << 20 else { break }
                }
                return String(buffer: received)
            }
        }
    }

    /// GET `path` and the parsed response.
    static func get(port: Int, _ path: String, method: String = "GET") async throws -> Response {
        try parse(try await exchange(port: port, "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
    }

    static func parse(_ text: String) throws -> Response {
        guard let split = text.range(of: "\r\n\r\n") else { throw Malformed() }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Malformed() }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw Malformed() }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}
