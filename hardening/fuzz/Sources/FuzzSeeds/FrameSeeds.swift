import FlintFuzzTargets
import NIOCore
import FlintAPI
import Wire

/// Seed inputs of the frames target: conversations a client may have ("valid-…", which
/// must end cleanly) and protocol errors ("refused-…", which must end a stream or the
/// connection), written with the real frame and message encoders.
enum FrameSeeds {
    static func all() -> [(name: String, bytes: [UInt8])] {
        valid + refused
    }

    private static let plain = FrameFuzzOptions(controlByte: 0)

    private static var valid: [(name: String, bytes: [UInt8])] {
        var chunked = plain
        chunked.chunkSize = 3
        chunked.callsFinishAtOnce = true
        var drainsEmpty = plain
        drainsEmpty.drainsHalfway = true
        var autoPreface = plain
        autoPreface.sendsPreface = true
        var serverLimits = plain
        serverLimits.serverLimits = true
        return [
            seed("valid-settings", [settings]),
            seed("valid-ping", [settings, ping(), ping(ack: true)]),
            seed("valid-health-call", [settings] + call(1, "/flint.v1.Health/Check", HealthCheckRequest())),
            seed("valid-complete-call", [settings] + call(1, "/flint.v1.Inference/Complete", MessageSeeds.completeRequest), options: serverLimits),
            seed("valid-two-calls", [settings] + call(1, "/flint.v1.Inference/ListModels", ListModelsRequest()) + call(3, "/flint.v1.Inference/ListTools", ListToolsRequest())),
            seed("valid-cancel", [settings, headers(1, "/flint.v1.Agents/Run"), cancel(1)]),
            seed("valid-chunked-calls", [settings] + call(1, "/flint.v1.Health/Check", HealthCheckRequest()) + call(5, "/flint.v1.Health/Check", HealthCheckRequest()), options: chunked),
            seed("valid-drain-idle", [settings, ping()], options: drainsEmpty),
            seed("valid-auto-preface", [settings, ping()], options: autoPreface, preface: false),
            seed("valid-server-limits", [settings] + call(1, "/flint.v1.Admin/ListKeys", ListKeysRequest(pageSize: 10)), options: serverLimits),
        ]
    }

    private static var refused: [(name: String, bytes: [UInt8])] {
        var drains = plain
        drains.drainsHalfway = true
        drains.chunkSize = 15
        let bigMetadata = RequestHeaders(method: "/flint.v1.Health/Check", metadata: ["x-pad": String(repeating: "a", count: 300)])
        return [
            ("refused-bad-preface", [plain.controlByte] + Array("GET / HTTP/1.1\r\n\r\n".utf8)),
            seed("refused-first-frame-ping", [ping()]),
            seed("refused-oversized-headers", [settings, Frame(type: .headers, streamID: 1, payload: ByteBuffer(bytes: bigMetadata.protobufBytes()))]),
            seed("refused-too-many-streams", [settings] + [1, 3, 5, 7, 9].map { headers($0, "/flint.v1.Health/Check") }),
            seed("refused-ping-flood", [settings] + Array(repeating: ping(), count: ConnectionLimits.maxControlFramesInARow + 1)),
            seed("refused-settings-flood", Array(repeating: settings, count: ConnectionLimits.maxControlFramesInARow + 2)),
            seed("refused-message-without-end-stream", [settings, headers(1, "/flint.v1.Health/Check"), message(1, HealthCheckRequest(), endStream: false)]),
            seed("refused-message-before-headers", [settings, message(1, HealthCheckRequest())]),
            seed("refused-message-after-end-stream", [settings] + call(1, "/flint.v1.Health/Check", HealthCheckRequest()) + [message(1, HealthCheckRequest())]),
            seed("refused-client-trailers", [settings, headers(1, "/flint.v1.Health/Check"), Frame(type: .trailers, streamID: 1)]),
            seed("refused-client-goaway", [settings, Frame(type: .goAway, streamID: 0, payload: ByteBuffer(bytes: GoAway(reason: "bye").protobufBytes()))]),
            seed("refused-cancel-never-opened", [settings, cancel(7)]),
            seed("refused-reused-stream-id", [settings, headers(3, "/flint.v1.Health/Check"), headers(1, "/flint.v1.Health/Check")]),
            seed("refused-unknown-frame-type", [settings, Frame(type: FrameType(rawValue: 9), streamID: 1)]),
            seed("refused-undecodable-headers", [settings, Frame(type: .headers, streamID: 1, payload: ByteBuffer(bytes: [0xFF]))]),
            seed("refused-headers-on-stream-0", [settings, headers(0, "/flint.v1.Health/Check")]),
            seed("refused-ping-wrong-length", [settings, Frame(type: .ping, streamID: 0, payload: ByteBuffer(bytes: [1, 2, 3]))]),
            // Fed 15 bytes at a time, the drain begins among the PINGs.
            seed("refused-draining", [settings, headers(1, "/flint.v1.Health/Check")] + Array(repeating: ping(), count: 12) + [headers(3, "/flint.v1.Health/Check")], options: drains),
        ]
    }

    // MARK: Building blocks

    private static func seed(_ name: String, _ frames: [Frame], options: FrameFuzzOptions = plain, preface: Bool = true) -> (name: String, bytes: [UInt8]) {
        var wire = ByteBuffer()
        if preface { wire.writeBytes(FrameParser.preface) }
        for frame in frames { wire.writeFrame(frame) }
        return (name, [options.controlByte] + Array(buffer: wire))
    }

    private static let settings = Frame(type: .settings, streamID: 0, payload: ByteBuffer(bytes: Settings(clientVersion: "apiclient/0.1.0").protobufBytes()))

    private static func ping(ack: Bool = false) -> Frame {
        Frame(type: .ping, flags: ack ? .ack : [], streamID: 0, payload: ByteBuffer(bytes: [0, 1, 2, 3, 4, 5, 6, 7]))
    }

    private static func headers(_ id: UInt32, _ method: String) -> Frame {
        let headers = RequestHeaders(method: method, authorization: "Bearer not-a-key", requestID: "seed-\(id)", timeoutMs: 5000, userAgent: "apiclient/0.1.0")
        return Frame(type: .headers, streamID: id, payload: ByteBuffer(bytes: headers.protobufBytes()))
    }

    private static func message(_ id: UInt32, _ request: some ProtobufMessage, endStream: Bool = true) -> Frame {
        Frame(type: .message, flags: endStream ? .endStream : [], streamID: id, payload: ByteBuffer(bytes: request.protobufBytes()))
    }

    private static func cancel(_ id: UInt32) -> Frame {
        Frame(type: .cancel, streamID: id)
    }

    private static func call(_ id: UInt32, _ method: String, _ request: some ProtobufMessage) -> [Frame] {
        [headers(id, method), message(id, request)]
    }
}
