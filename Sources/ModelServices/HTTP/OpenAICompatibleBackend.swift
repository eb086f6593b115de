import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOPosix
import RateLimit
import ServiceLifecycle

/// A ``ModelBackend`` for servers that speak the OpenAI-compatible HTTP API (llama.cpp's
/// llama-server, vLLM, Ollama, TGI), over one pooled `HTTPClient`.
///
/// Endpoints by model kind and prompt format:
///
/// | | `llama.cpp` | `openai` |
/// |---|---|---|
/// | raw prompt | `POST /completion` | `POST /v1/completions` |
/// | chat | `POST /v1/chat/completions` | `POST /v1/chat/completions` |
/// | count tokens | `POST /tokenize` | estimate (``TokenEstimate``) |
/// | health | `GET /health` | `GET /v1/models` |
///
/// llama-server's native `/completion` is used for raw prompts because it reports the exact
/// stop reason (end, token limit or stop sequence) and the token counts in every streamed
/// chunk, so a cancelled or broken stream still has exact usage.
///
/// Failover: a model's URLs are tried in order; a URL that refuses the connection, fails
/// before answering, answers 5xx, 408 or 429, or (streams only) sends no byte within the
/// first-byte timeout hands the call to the next. Once a byte of a stream has arrived the
/// call stays on that URL: a failure then is `.unavailable` with the partial usage. A 4xx
/// answer is `.invalidRequest` and is not retried.
///
/// Circuit breaking: each URL has a breaker (``CircuitBreakerPolicy``). After 5 consecutive
/// failures the URL is skipped without being contacted, and a call whose URLs are all
/// skipped fails fast with `.unavailable`, until a health probe of the URL passes and a
/// trial call succeeds.
///
/// It is a `Service`: run it in the server's `ServiceGroup` *before* the server, so that on
/// graceful shutdown the server drains its calls first, then this shuts the client down.
/// Outside a group, call ``shutdown()``.
public final class OpenAICompatibleBackend: ModelBackend, Service {
    public let configuration: ModelConfiguration
    public let limits: Limits
    let client: HTTPClient
    let logger: Logger
    /// Where calls go instead of the models' URLs (the embedded llama-server); nil: the URLs.
    let endpointSource: (any BackendEndpointSource)?
    let breakers: CircuitBreakers
    /// Told of every backend attempt, failover and breaker change (the server's metrics).
    let observer: (any BackendObserver)?

    /// Bounds on what a backend may send.
    public struct Limits: Hashable, Sendable {
        /// An SSE line longer than this is `.badResponse`. Default 1 MiB.
        public var maximumLineLength: Int
        /// A streamed event (all its data lines) larger than this is `.badResponse`. Default 4 MiB.
        public var maximumEventSize: Int
        /// A unary answer larger than this is `.badResponse`. Default 16 MiB.
        public var maximumBodySize: Int
        /// Health and tokenizer calls take at most this long per URL. Default 5 s.
        public var controlTimeout: Duration
        /// When a failing URL is rested.
        public var circuitBreaker: CircuitBreakerPolicy

        public init(
            maximumLineLength: Int = 1 << 20,
            maximumEventSize: Int = 4 << 20,
            maximumBodySize: Int = 16 << 20,
            controlTimeout: Duration = .seconds(5),
            circuitBreaker: CircuitBreakerPolicy = CircuitBreakerPolicy()
        ) {
            self.maximumLineLength = maximumLineLength
            self.maximumEventSize = maximumEventSize
            self.maximumBodySize = maximumBodySize
            self.controlTimeout = controlTimeout
            self.circuitBreaker = circuitBreaker
        }
    }

    /// The most connections to one backend host and port at once.
    public static let maximumConnectionsPerHost = 512

    /// A backend for `configuration` (validated here) with its own `HTTPClient`. With an
    /// `endpointSource`, every call goes to its current endpoint instead of the models' URLs.
    /// `clock` times the circuit breakers' probe intervals; `observer` is told how each
    /// attempt went.
    public init(
        configuration: ModelConfiguration,
        limits: Limits = Limits(),
        endpointSource: (any BackendEndpointSource)? = nil,
        observer: (any BackendObserver)? = nil,
        clock: any MonotonicClock = SystemMonotonicClock(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "flint.models")
    ) throws(ModelConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
        self.limits = limits
        self.endpointSource = endpointSource
        self.observer = observer
        self.breakers = CircuitBreakers(policy: limits.circuitBreaker, clock: clock)
        self.logger = logger
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.timeout = .init(connect: TimeAmount(configuration.connectTimeout), read: nil)
        // A refused connection must fail now, so the next URL is tried, rather than be retried
        // with backoff until the connect timeout.
        clientConfiguration.connectionPool.retryConnectionEstablishment = false
        // Close idle connections before the usual server keep-alive timeout (5 s for
        // llama-server and uvicorn), so a reused connection is rarely one the server closes.
        clientConfiguration.connectionPool.idleTimeout = .seconds(4)
        // Every streaming call holds a connection for its whole answer: the client's default
        // of 8 per host would fail the 9th concurrent call to one backend URL. The bound is
        // the connection pool's, per host; calls beyond it wait for a connection.
        clientConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = Self.maximumConnectionsPerHost
        clientConfiguration.redirectConfiguration = .disallow
        clientConfiguration.decompression = .disabled
        self.client = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: clientConfiguration, backgroundActivityLogger: logger)
    }

    public var models: [ModelDescriptor] { configuration.descriptors }

    /// Closes every pooled connection; calls in flight fail. Idempotent.
    public func shutdown() async throws {
        do {
            try await client.shutdown()
        } catch let error as HTTPClientError where error == .alreadyShutdown {
            return
        }
    }

    /// Waits for graceful shutdown (or cancellation), then shuts the client down.
    public func run() async throws {
        try? await gracefulShutdown()
        try await shutdown()
    }

    /// Where calls to `model` go, in failover order: the endpoint source's current endpoint
    /// when there is a source (none while it is not running), else the model's URLs.
    func endpoints(of model: ModelConfiguration.Model) -> [BackendEndpoint] {
        guard let endpointSource else { return model.urls.map { BackendEndpoint(url: $0) } }
        return endpointSource.currentEndpoint.map { [$0] } ?? []
    }

    /// A POST of `body` (JSON) or a GET, to `path` under the endpoint's URL, with its token.
    func httpRequest(_ endpoint: BackendEndpoint, path: String, body: Data?, acceptsEventStream: Bool = false) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: normalizedBaseURL(endpoint.url) + path)
        request.headers.add(name: "User-Agent", value: "flint-model-services")
        if let token = endpoint.bearerToken {
            request.headers.add(name: "Authorization", value: "Bearer " + token)
        }
        request.headers.add(name: "Accept", value: acceptsEventStream ? "text/event-stream" : "application/json")
        if let body {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return request
    }

    /// `HTTPClient`'s deadline for a call limited by `instant` (our own timers act first;
    /// this is a backstop).
    static func nioDeadline(_ instant: ContinuousClock.Instant) -> NIODeadline {
        .now() + TimeAmount(ContinuousClock.now.duration(to: instant)) + .seconds(1)
    }
}
