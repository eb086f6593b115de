import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A plain HTTP/1.1 GET, for tests that look at llama-server's own endpoints
/// (`/slots`, `/v1/models`), with `bearerToken` as its API key if given.
func httpGet(host: String = "127.0.0.1", port: Int, path: String, bearerToken: String? = nil) async throws -> (status: Int, body: String) {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: host, port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
            }
        }
    return try await channel.executeThenClose { inbound, outbound in
        var headers = HTTPHeaders([("host", "\(host):\(port)"), ("connection", "close")])
        if let bearerToken { headers.add(name: "authorization", value: "Bearer " + bearerToken) }
        try await outbound.write(.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)))
        try await outbound.write(.end(nil))
        var status = 0
        var body = ""
        for try await part in inbound {
            switch part {
            case .head(let head): status = Int(head.status.code)
            case .body(let buffer): body += String(buffer: buffer)
            case .end: return (status, body)
            }
        }
        return (status, body)
    }
}

/// GET and decode a JSON answer.
func httpGetJSON(port: Int, path: String, bearerToken: String? = nil) async throws -> Any {
    let (status, body) = try await httpGet(port: port, path: path, bearerToken: bearerToken)
    guard status == 200 else { throw HTTPGetError(message: "GET \(path): HTTP \(status): \(body.prefix(200))") }
    return try JSONSerialization.jsonObject(with: Data(body.utf8))
}

struct HTTPGetError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
