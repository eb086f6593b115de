import FlintAPI
import Logging
import NIOCore
import NIOHPACK
import NIOHTTP2
import Wire

/// One HTTP/2 stream carrying one gRPC call, run through the same ``CallExecution`` as a
/// flint/1 stream: route, key, quota, deadline, method, usage.
///
/// The request HEADERS are checked first (``GRPCRequestHead``); a refusal answers at once
/// and starts no call. Then the call runs while this task reads the request message from
/// DATA frames (``GRPCMessageDeframer``). A framing error before the message is complete
/// fails the call with its status; the peer resetting the stream (RST_STREAM) or the
/// connection closing cancels it. When the call ends, its trailers go out and the stream
/// closes (with RST_STREAM if the client is still sending).
struct GRPCStream {
    typealias Channel = NIOAsyncChannel<HTTP2Frame.FramePayload, HTTP2Frame.FramePayload>

    let channel: Channel
    let streamID: UInt32
    let execution: CallExecution
    let reflection: GRPCReflection
    /// The largest request message of any method: flint/1's frame size, which bounds a
    /// flint/1 request the same way.
    let maxMessageBytes: Int

    func serve() async {
        do {
            try await channel.executeThenClose { inbound, outbound in
                var frames = inbound.makeAsyncIterator()
                guard case .headers(let head)? = try await frames.next() else { return }
                switch GRPCRequestHead.parse(head.headers) {
                case .failure(let refusal):
                    try await outbound.write(.headers(.init(headers: Self.headers(refusing: refusal), endStream: true)))
                case .success(let headers) where GRPCReflection.paths.contains(headers.method):
                    let streamChannel = channel.channel
                    let cutOff = streamChannel.eventLoop.scheduleTask(in: TimeAmount(GRPCReflection.maxDuration)) { streamChannel.close(promise: nil) }
                    defer { cutOff.cancel() }
                    let sink = GRPCResponseSink(outbound: outbound, allocator: streamChannel.allocator)
                    try await reflection.serve(&frames, requestEnded: head.endStream, sink: sink)
                case .success(let headers):
                    let sink = GRPCResponseSink(outbound: outbound, allocator: channel.channel.allocator)
                    await run(headers, requestEnded: head.endStream, frames: &frames, sink: sink)
                }
            }
        } catch {
            execution.logger.trace("gRPC stream ended", metadata: ["error": "\(error)"])
        }
    }

    private func run(
        _ headers: RequestHeaders, requestEnded: Bool,
        frames: inout NIOAsyncChannelInboundStream<HTTP2Frame.FramePayload>.AsyncIterator, sink: GRPCResponseSink
    ) async {
        let request = RequestSlot()
        let call = ServerCall(streamID: streamID, headers: headers, requestID: RequestID.forCall(clientID: headers.requestID), request: request)
        let ended = OnceLatch()
        let maxRequestBytes = min(execution.services.router.route(for: headers.method)?.maxRequestBytes ?? Router.defaultMaxRequestBytes, maxMessageBytes)
        let streamChannel = channel.channel
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                if let closing = await execution.run(call, sink: sink.frameSink, claim: ended.claim) {
                    try? await sink.frameSink.write(closing)
                }
                // Ends the read below: a client still sending gets RST_STREAM.
                streamChannel.close(promise: nil)
            }
            var deframer = GRPCRequestMessage(maxMessageBytes: maxRequestBytes)
            switch await Self.readRequest(&frames, on: streamChannel, into: &deframer, alreadyEnded: requestEnded, request: request) {
            case .closed:
                // The stream closed before the call ended it: the client reset it, or the
                // connection went. The call is cancelled and sends nothing.
                if ended.claim() { group.cancelAll() }
            case .failedAfterRequest(let error):
                if ended.claim() {
                    group.cancelAll()
                    try? await sink.end(error.status(requestID: call.requestID))
                    streamChannel.close(promise: nil)
                }
            }
        }
    }

    private enum ReadOutcome {
        /// The stream closed (after the request, or before it, by a reset).
        case closed
        /// Bytes after the request message, once the call had it.
        case failedAfterRequest(RPCError)
    }

    /// Reads DATA frames until the stream closes, delivering the request message to the
    /// call, or the error that fails it while it still waits for the message.
    private static func readRequest(
        _ frames: inout NIOAsyncChannelInboundStream<HTTP2Frame.FramePayload>.AsyncIterator,
        on streamChannel: any NIOCore.Channel, into deframer: inout GRPCRequestMessage, alreadyEnded: Bool,
        request: RequestSlot
    ) async -> ReadOutcome {
        if alreadyEnded { request.fail(deframer.incompleteStatus) }
        do {
            while let frame = try await frames.next() {
                switch frame {
                case .data(let data):
                    guard case .byteBuffer(let bytes) = data.data else { continue }
                    if let message = try deframer.append(bytes) {
                        request.deliver(message)
                    }
                    if data.endStream, !deframer.delivered { request.fail(deframer.incompleteStatus) }
                case .headers:
                    // Trailers from the client end its side of the stream.
                    if !deframer.delivered { request.fail(deframer.incompleteStatus) }
                default:
                    continue
                }
            }
        } catch let error as RPCError {
            guard deframer.delivered else {
                request.fail(error)
                try? await streamChannel.closeFuture.get()
                return .closed
            }
            return .failedAfterRequest(error)
        } catch {
            // A reset or a closed connection.
            request.finish()
            return .closed
        }
        // The client half-closed its side (the inbound sequence ends there): the stream
        // stays open until the call ends it, or the client resets it.
        request.finish()
        try? await streamChannel.closeFuture.get()
        return .closed
    }

    /// The answer to HEADERS refused before any call: a plain HTTP status, or Trailers-Only.
    static func headers(refusing refusal: GRPCRequestHead.Refusal) -> HPACKHeaders {
        switch refusal {
        case .http(let status, let reason):
            HPACKHeaders([(":status", String(status)), ("content-type", "text/plain"), ("grpc-message", GRPCMetadata.percentEncoded(reason))])
        case .grpc(let status):
            {
                var headers = GRPCMetadata.trailersOnly(status)
                if status.code == .unimplemented { headers.add(name: "grpc-accept-encoding", value: "identity") }
                return headers
            }()
        }
    }
}
