import Auth
import Logging
import FlintAPI

/// What a method handler knows about the call it serves.
public struct ServerCallContext: Sendable {
    /// The request headers as the client sent them.
    public var headers: RequestHeaders
    /// The client's request id, or one the server made.
    public var requestID: String
    /// When the call must be finished by, if the client set a timeout.
    public var deadline: ContinuousClock.Instant?
    /// A logger with `rpc.method` and `request.id` metadata set.
    public var logger: Logger
    /// Quota admission and usage reporting for this call.
    public var meter: CallMeter

    /// Who is calling; nil for methods that need no key.
    public var principal: Principal? { meter.principal }

    init(headers: RequestHeaders, requestID: String, deadline: ContinuousClock.Instant?, logger: Logger, meter: CallMeter) {
        self.headers = headers
        self.requestID = requestID
        self.deadline = deadline
        self.logger = logger
        self.meter = meter
    }
}
