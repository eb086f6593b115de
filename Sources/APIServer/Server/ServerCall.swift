import Auth
import Logging
import NIOCore
import RateLimit
import FlintAPI
import Timing
import Wire

/// One stream's call as the connection hands it to its task (over flint/1 or gRPC).
struct ServerCall: Sendable {
    var streamID: UInt32
    var headers: RequestHeaders
    var requestID: String
    /// The request message, or the error that fails the call instead (gRPC's framing
    /// errors, found while the message arrives).
    var request: RequestSlot
}

/// What every call on every connection uses: routes, authentication, quotas.
struct CallServices: Sendable {
    var router: Router
    var authenticator: Authenticator
    var quotas: QuotaServices
    /// Failed authentications per client address.
    var failedAuth: FailureThrottle
    /// The server's metrics.
    var metrics: FlintMetrics
}

extension ServerConnection {
    /// Runs one call to its end and writes its TRAILERS, unless the connection ended the
    /// stream first (cancel, protocol error, disconnect). Settles quota and records usage
    /// either way.
    func run(_ call: ServerCall, sink: FrameSink) async {
        var closeAfter = false
        let execution = CallExecution(
            services: services, requestTimeout: configuration.requestTimeout, clientAddress: clientAddress, callProtocol: .flint1, logger: logger)
        let closing = await execution.run(call, sink: sink) {
            let finished = finishStream(call.streamID)
            closeAfter = finished.closeAfter
            return finished.owned
        }
        guard let closing else { return }
        try? await sink.write(closing)
        if closeAfter { channel.close(promise: nil) }
    }
}

/// How one call runs, whichever protocol carried it: route, key, quota, deadline, the
/// method, usage. flint/1's connection and the gRPC layer both run calls through it.
struct CallExecution: Sendable {
    let services: CallServices
    let requestTimeout: Duration
    /// The client's IP address, for the failed-authentication throttle.
    let clientAddress: String
    /// What carried the call, for the metrics.
    let callProtocol: CallProtocol
    let logger: Logger

    /// Runs `call` to its end, then asks `claim` whether the stream is still the call's to
    /// end (false when the connection ended it first: cancel, protocol error, disconnect).
    /// Settles quota and records usage either way; returns the stream's last frames when
    /// the stream is the call's: what the writer still holds (the HEADERS, a unary call's
    /// message; default HEADERS after a failure once the call was admitted), then the
    /// TRAILERS. The caller writes them in one go.
    func run(_ call: ServerCall, sink: FrameSink, claim: () -> Bool) async -> [Frame]? {
        let metrics = services.metrics
        let series = metrics.method(call.headers.method)
        let started = ContinuousClock.now
        metrics.openStreams.increment()
        var logger = self.logger
        logger[metadataKey: "rpc.method"] = "\(MethodPath.printable(call.headers.method))"
        logger[metadataKey: "request.id"] = "\(call.requestID)"
        let (status, meter, writer) = await CallLogMetadata.$requestID.withValue(call.requestID) {
            await self.status(of: call, sink: sink, logger: logger, metrics: (series, started))
        }
        logger.debug("call finished", metadata: ["rpc.status": "\(status.code)"])
        let owned = claim()
        let code = owned ? status.code : .cancelled
        meter?.finish(status: code)
        // Counted before the trailers go out, so a client that read them sees its call in
        // the metrics.
        metrics.callFinished(series, protocol: callProtocol, code: code, duration: .now - started)
        metrics.openStreams.decrement()
        guard owned else { return nil }
        let trailers = ServerConnection.trailers(call.streamID, status)
        return writer?.closingFrames(trailers, failed: status.code != .ok) ?? [trailers]
    }

    private func status(
        of call: ServerCall, sink: FrameSink, logger: Logger, metrics: (series: MethodSeries, started: ContinuousClock.Instant)
    ) async -> (RPCStatus, CallMeter?, ResponseWriter?) {
        var meter: CallMeter?
        var writer: ResponseWriter?
        do {
            try RequestID.validate(call.headers.requestID)
            guard let route = services.router.route(for: call.headers.method) else {
                throw RPCError(.unimplemented, "unknown method \(MethodPath.printable(call.headers.method))")
            }
            let principal = try await authenticate(call.headers.authorization, for: route)
            let callMeter = CallMeter(principal: principal, method: call.headers.method, quotas: services.quotas, metrics: services.metrics)
            meter = callMeter
            // The request is spent before its message is read: a malformed, oversized or
            // never-sent request costs what a good one does.
            try callMeter.admitRequest()
            let firstMessage = type(of: route.method).streaming == .serverStreaming ? FirstMessageTimer(timer: metrics.series.firstMessage, started: metrics.started) : nil
            let callWriter = ResponseWriter(streamID: call.streamID, requestID: call.requestID, sink: sink, firstMessage: firstMessage) {
                callMeter.responseHeaders
            }
            writer = callWriter
            let (deadline, expiry) = Self.deadline(of: call, route: route)
            let context = ServerCallContext(headers: call.headers, requestID: call.requestID, deadline: deadline, logger: logger, meter: callMeter)
            let requestTimeout = self.requestTimeout
            try await withDeadline(deadline, message: expiry) {
                let request = try await Self.firstRequest(call.request, within: requestTimeout)
                guard request.readableBytes <= route.maxRequestBytes else {
                    throw RPCError.requestTooLarge(bytes: request.readableBytes, limit: route.maxRequestBytes)
                }
                try await route.method.serve(request: request, context: context, writer: callWriter)
            }
            return (RPCStatus(code: .ok, message: "", requestID: call.requestID), meter, writer)
        } catch let error as RPCError {
            return (error.status(requestID: call.requestID), meter, writer)
        } catch is CancellationError {
            return (RPCStatus(code: .cancelled, message: "the call was cancelled", requestID: call.requestID), meter, writer)
        } catch ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed {
            // The connection closed under the call (the client left, or was closed for a
            // protocol error or stalled writes): nothing can be sent; recorded as cancelled.
            return (RPCStatus(code: .cancelled, message: "the connection closed", requestID: call.requestID), meter, writer)
        } catch {
            logger.error("call failed", metadata: ["error": "\(error)"])
            return (RPCStatus(code: .internalError, message: "internal error", requestID: call.requestID), meter, writer)
        }
    }

    /// The call's deadline: the client's, or the method's maximum when that comes first or
    /// the client set none; and what DEADLINE_EXCEEDED says when it passes.
    static func deadline(of call: ServerCall, route: Router.Route) -> (ContinuousClock.Instant, String) {
        let limit = ContinuousClock.now + route.maxDuration
        let timeoutMs = call.headers.timeoutMs
        guard timeoutMs > 0, case let requested = ContinuousClock.now + .milliseconds(timeoutMs), requested <= limit else {
            return (limit, "the call ran past the server's limit of \(route.maxDuration) for this method")
        }
        return (requested, "the call's deadline of \(timeoutMs) ms passed")
    }

    /// The stream's request message, or DEADLINE_EXCEEDED when it does not arrive in time.
    /// One that came with the HEADERS is taken at once, with no timer.
    static func firstRequest(_ slot: RequestSlot, within timeout: Duration) async throws -> ByteBuffer {
        if let request = try slot.take() { return request }
        return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                guard let request = try await slot.wait() else { throw CancellationError() }
                return request
            }
            group.addTask {
                try await CancellableSleep.for(timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let request = try await group.next() ?? nil else {
                throw RPCError(.deadlineExceeded, "the request message did not arrive within \(timeout) of the stream's HEADERS")
            }
            return request
        }
    }

    /// The caller's principal, or nil for methods that need no key. An address that failed
    /// too often is turned away before its key is looked up.
    private func authenticate(_ authorization: String, for route: Router.Route) async throws(RPCError) -> Principal? {
        guard route.scope != nil || route.anyKey else { return nil }
        let address = clientAddress
        if let wait = services.failedAuth.retryAfterMs(address) {
            services.metrics.authFailuresThrottled()
            throw RPCError(
                .resourceExhausted, "too many failed authentications from this address; retry later", retryAfterMs: UInt32(clamping: wait),
                details: [.errorInfo(ErrorInfo(reason: "AUTH_FAILURES_THROTTLED"))])
        }
        switch await services.authenticator.authenticate(authorization: authorization, requiring: route.scope) {
        case .success(let principal):
            return principal
        case .failure(let failure):
            if failure.code == .unauthenticated { services.failedAuth.recordFailure(address) }
            throw AuthMapping.error(failure)
        }
    }
}

extension RPCError {
    /// A request message over its method's cap (`limit` bytes).
    static func requestTooLarge(bytes: Int, limit: Int) -> RPCError {
        RPCError(
            .resourceExhausted, "the request is \(bytes) bytes; this method takes at most \(limit)",
            details: [.errorInfo(ErrorInfo(reason: "REQUEST_TOO_LARGE"))])
    }
}

/// Authentication failures in wire terms.
enum AuthMapping {
    static func error(_ failure: AuthFailure) -> RPCError {
        switch failure.code {
        case .unauthenticated: RPCError(.unauthenticated, failure.message)
        case .permissionDenied: RPCError(.permissionDenied, failure.message)
        default: RPCError(.unavailable, "the key store is unavailable; retry shortly", retryAfterMs: 1000)
        }
    }
}
