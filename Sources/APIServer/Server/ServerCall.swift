import Logging
import NIOCore
import Wire

/// One stream's call as the connection hands it to its task.
struct ServerCall: Sendable {
    var streamID: UInt32
    var headers: RequestHeaders
    var requestID: String
    var requests: AsyncStream<ByteBuffer>
}

extension ServerConnection {
    /// Runs one call to its end and writes its TRAILERS, unless the connection ended the
    /// stream first (cancel, protocol error, disconnect).
    func run(_ call: ServerCall, sink: FrameSink) async {
        var logger = self.logger
        logger[metadataKey: "rpc.method"] = "\(call.headers.method)"
        logger[metadataKey: "request.id"] = "\(call.requestID)"
        let status = await status(of: call, sink: sink, logger: logger)
        logger.debug("call finished", metadata: ["rpc.status": "\(status.code)"])
        let (owned, closeAfter) = finishStream(call.streamID)
        guard owned else { return }
        try? await sink.write(Self.trailers(call.streamID, status))
        if closeAfter { channel.close(promise: nil) }
    }

    private func status(of call: ServerCall, sink: FrameSink, logger: Logger) async -> RPCStatus {
        do {
            try RequestID.validate(call.headers.requestID)
            let deadline = call.headers.timeoutMs == 0 ? nil : ContinuousClock.now + .milliseconds(call.headers.timeoutMs)
            let context = ServerCallContext(headers: call.headers, requestID: call.requestID, deadline: deadline, logger: logger)
            let writer = ResponseWriter(streamID: call.streamID, requestID: call.requestID, sink: sink)
            let router = self.router
            try await withDeadline(deadline, timeoutMs: call.headers.timeoutMs) {
                guard let method = router.method(for: call.headers.method) else {
                    throw RPCError(.unimplemented, "unknown method \(MethodPath.printable(call.headers.method))")
                }
                var requests = call.requests.makeAsyncIterator()
                guard let request = await requests.next() else { throw CancellationError() }
                try await method.serve(request: request, context: context, writer: writer)
            }
            return RPCStatus(code: .ok, message: "", requestID: call.requestID)
        } catch let error as RPCError {
            return error.status(requestID: call.requestID)
        } catch is CancellationError {
            return RPCStatus(code: .cancelled, message: "the call was cancelled", requestID: call.requestID)
        } catch {
            logger.error("call failed", metadata: ["error": "\(error)"])
            return RPCStatus(code: .internalError, message: "internal error", requestID: call.requestID)
        }
    }
}
