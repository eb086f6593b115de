import AsyncHTTPClient
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// llama.cpp's `llama-server` as a supervised child on a loopback port: Flint's default
/// model service when nothing else is configured.
///
/// `run()` starts the child and waits until `GET /health` answers 200 (a start that fails
/// or times out throws an error with the end of the child's output). If the child dies
/// later it is restarted after an exponential backoff, each restart logged. Graceful
/// shutdown (or ``stop()``) sends SIGTERM, then SIGKILL after the grace period; task
/// cancellation sends SIGKILL at once. `run()` returns once the child is reaped.
///
/// The child cannot outlive this process, even one killed with SIGKILL: it is started as
/// `setpriv --pdeathsig KILL -- llama-server …`, so the kernel kills it when the thread that
/// spawned it exits, and that thread (see ``ChildProcess``) lives until the child is reaped.
/// The one gap is the instant between the spawn and setpriv's `prctl` call.
///
/// Every start gets a fresh random API key (llama-server's `--api-key`, given as
/// `LLAMA_API_KEY` so it is not on the command line) and, unless a port is configured, a
/// fresh loopback port; the child's environment is only PATH, HOME, TMPDIR,
/// LD_LIBRARY_PATH (those set) and the key. Once ready, `GET /health` is probed every
/// ``Configuration/livenessInterval``; after ``Configuration/livenessFailures`` failed probes
/// in a row the child is taken for hung, killed and restarted like a crashed one.
///
/// Put it first in the `ServiceGroup` (graceful shutdown runs in reverse order, so it stops
/// last) and give its ``OpenAICompatibleBackend`` ``modelConfiguration`` and the server itself
/// as the endpoint source: calls then follow the child's port and key.
public final class EmbeddedLlamaServer: Service, BackendEndpointSource {
    public let configuration: Configuration
    private let logger: Logger
    private let state: Mutex<State>

    private struct State {
        var phase = Phase.notStarted
        var child: ChildProcess?
        /// The current (or, before the first start, the next) child's port and API key.
        var port: Int
        var apiKey: String
        var stopMode: StopMode?
        var restarts = 0
    }

    /// Where the supervisor is.
    public enum Phase: Hashable, Sendable {
        case notStarted
        case starting
        case ready
        case restarting
        case failed(EmbeddedLlamaServerError)
        case stopped
    }

    private enum StopMode {
        case graceful
        case immediate
    }

    public init(configuration: Configuration, logger: Logger = Logger(label: "flint.llama-server")) throws {
        try configuration.validate()
        self.configuration = configuration
        let port = configuration.port == 0 ? try LoopbackPort.free() : configuration.port
        self.state = Mutex(State(port: port, apiKey: Self.newAPIKey()))
        self.logger = logger
    }

    /// The port the current child listens on (before the first start: the one it will get).
    public var port: Int { state.withLock { $0.port } }

    /// `http://127.0.0.1:<port>` of the current child.
    public var baseURL: String { childEndpoint.url }

    /// The running child's URL and API key once it is ready; nil while it starts, restarts
    /// or has stopped.
    public var currentEndpoint: BackendEndpoint? {
        state.withLock { $0.phase == .ready ? self.endpoint(of: $0) : nil }
    }

    /// The current child's endpoint, whatever its phase (for tests).
    var childEndpoint: BackendEndpoint { state.withLock { self.endpoint(of: $0) } }

    private func endpoint(of state: State) -> BackendEndpoint {
        BackendEndpoint(url: "http://\(configuration.host):\(state.port)", bearerToken: state.apiKey)
    }

    /// A new random key: 32 bytes, hex.
    private static func newAPIKey() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var generator = SystemRandomNumberGenerator()
        let key = (0..<32).flatMap { _ -> [UInt8] in
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            return [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
        }
        return String(decoding: key, as: UTF8.self)
    }

    /// Gives the next child a new key and, unless a port is configured, a free port other
    /// than the previous child's.
    private func renewEndpoint() throws {
        let previous = port
        var port = configuration.port
        if port == 0 {
            port = try LoopbackPort.free()
            for _ in 0..<16 where port == previous { port = try LoopbackPort.free() }
        }
        let apiKey = Self.newAPIKey()
        state.withLock { state in
            state.port = port
            state.apiKey = apiKey
        }
    }

    /// The one-model configuration that serves this llama-server as `gemma-3-270m`.
    public var modelConfiguration: ModelConfiguration {
        var model = ModelConfiguration.embedded(
            baseURL: baseURL, contextLength: configuration.contextLength, maxOutputTokens: configuration.maxOutputTokens)
        if configuration.alias != ModelConfiguration.embeddedModelName, let entry = model.models.removeValue(forKey: ModelConfiguration.embeddedModelName) {
            model.models[configuration.alias] = entry
            model.defaultModel = configuration.alias
        }
        return model
    }

    public var phase: Phase { state.withLock { $0.phase } }

    /// The pid of the running llama-server, if one runs.
    public var processID: pid_t? { state.withLock { $0.child?.pid } }

    /// How many times the child was restarted after dying.
    public var restartCount: Int { state.withLock { $0.restarts } }

    /// The command that starts the child: setpriv's wrapper, then llama-server's arguments.
    public var commandLine: [String] {
        let wrapper = configuration.setprivPath.map { [$0, "--pdeathsig", "KILL", "--"] } ?? []
        return wrapper + configuration.serverArguments(port: port)
    }

    /// The child's whole environment (with the current key).
    var childEnvironment: [String: String] {
        Configuration.childEnvironment(apiKey: state.withLock { $0.apiKey })
    }

    public func run() async throws {
        let alreadyRun = state.withLock { state in
            defer { if state.phase == .notStarted { state.phase = .starting } }
            return state.phase != .notStarted
        }
        guard !alreadyRun else { throw EmbeddedLlamaServerError("run() was already called") }
        if configuration.setprivPath == nil {
            logger.warning("setpriv not found: llama-server would outlive this process if it were killed")
        }
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await supervise()
            } onGracefulShutdown: {
                self.requestStop(.graceful)
            }
        } onCancel: {
            self.requestStop(.immediate)
        }
    }

    /// Stops the child gracefully (SIGTERM, SIGKILL after the grace period); `run()` returns.
    public func stop() {
        requestStop(.graceful)
    }

    /// Returns once the child answers its health check (again, after a restart).
    ///
    /// - Throws: the start error if the first start failed, an error if the server stopped
    ///   or `timeout` passed.
    public func waitUntilReady(timeout: Duration = .seconds(180)) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            switch phase {
            case .ready: return
            case .failed(let error): throw error
            case .stopped: throw EmbeddedLlamaServerError("llama-server has stopped")
            case .notStarted, .starting, .restarting: break
            }
            guard ContinuousClock.now < deadline else {
                throw EmbeddedLlamaServerError("llama-server was not ready within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    private var isStopping: Bool { state.withLock { $0.stopMode != nil } }

    private func requestStop(_ mode: StopMode) {
        let child = state.withLock { state -> ChildProcess? in
            if state.stopMode == nil || mode == .immediate { state.stopMode = mode }
            return state.child
        }
        if let child { stop(child, mode) }
    }

    private func stop(_ child: ChildProcess, _ mode: StopMode) {
        switch mode {
        case .immediate:
            child.send(SIGKILL)
        case .graceful:
            child.send(SIGTERM)
            let grace = configuration.shutdownGracePeriod
            let logger = self.logger
            Task {
                try? await Task.sleep(for: grace)
                guard !child.hasExited else { return }
                logger.warning("llama-server did not stop within \(grace) of SIGTERM; sending SIGKILL", metadata: ["llama.pid": "\(child.pid)"])
                child.send(SIGKILL)
            }
        }
    }

    /// Makes `child` the current one; stops it at once if a stop came while it started.
    private func adopt(_ child: ChildProcess) {
        let pendingStop = state.withLock { state in
            state.child = child
            return state.stopMode
        }
        if let pendingStop { stop(child, pendingStop) }
    }

    private func release(_ child: ChildProcess) {
        state.withLock { state in
            if state.child === child { state.child = nil }
        }
    }

    private func setPhase(_ phase: Phase) {
        state.withLock { $0.phase = phase }
    }

    private func supervise() async throws {
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.timeout = .init(connect: .milliseconds(500), read: .seconds(2))
        clientConfiguration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: clientConfiguration)
        do {
            try await superviseChildren(client: client)
            setPhase(.stopped)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
    }

    private func superviseChildren(client: HTTPClient) async throws {
        var backoff = configuration.restartBackoff
        var everReady = false
        var firstStart = true
        while !isStopping {
            let startedAt = ContinuousClock.now
            let child: ChildProcess
            do {
                if !firstStart { try renewEndpoint() }
                firstStart = false
                child = try await ChildProcess.spawn(arguments: commandLine, environment: childEnvironment, logger: logger)
            } catch {
                let failure = EmbeddedLlamaServerError("cannot start llama-server: \(error)")
                guard everReady else { throw fail(failure) }
                logger.error("\(failure)")
                await sleepUnlessStopped(backoff.nextDelay(afterRunningFor: .zero))
                continue
            }
            adopt(child)
            logger.info("started llama-server", metadata: ["llama.pid": "\(child.pid)", "llama.url": "\(baseURL)"])
            logger.debug("llama-server command line", metadata: ["llama.command": "\(commandLine.joined(separator: " "))"])
            let endpoint = childEndpoint
            if let failure = await waitForHealth(of: child, endpoint: endpoint, client: client) {
                child.send(SIGKILL)
                _ = await child.waitForExit()
                release(child)
                if isStopping { break }
                guard everReady else { throw fail(failure) }
                state.withLock { $0.restarts += 1 }
                let delay = backoff.nextDelay(afterRunningFor: startedAt.duration(to: .now))
                logger.error("\(failure.message); restarting in \(delay)")
                await sleepUnlessStopped(delay)
                continue
            }
            if !isStopping {
                everReady = true
                setPhase(.ready)
                logger.info(
                    "llama-server is ready", metadata: ["llama.pid": "\(child.pid)", "llama.startup": "\(startedAt.duration(to: .now))"])
            }
            let status = await watch(child, endpoint: endpoint, client: client)
            release(child)
            if isStopping {
                logger.info("llama-server stopped: \(status)", metadata: ["llama.pid": "\(child.pid)"])
                break
            }
            setPhase(.restarting)
            let uptime = startedAt.duration(to: .now)
            let delay = backoff.nextDelay(afterRunningFor: uptime)
            let restarts = state.withLock { state in
                state.restarts += 1
                return state.restarts
            }
            logger.warning(
                "llama-server \(status) after \(uptime); restart \(restarts) in \(delay)",
                metadata: ["llama.pid": "\(child.pid)", "llama.output": "\(child.output.lastLines(5))"])
            await sleepUnlessStopped(delay)
        }
    }

    private func fail(_ failure: EmbeddedLlamaServerError) -> EmbeddedLlamaServerError {
        setPhase(.failed(failure))
        logger.error("\(failure.message)")
        return failure
    }

    /// Nil once `/health` answers 200; the reason when the child exits or the start times
    /// out first; nil too when a stop was requested (the caller then waits for the exit).
    private func waitForHealth(of child: ChildProcess, endpoint: BackendEndpoint, client: HTTPClient) async -> EmbeddedLlamaServerError? {
        let timeout = configuration.startupTimeout
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while !isStopping {
            if child.hasExited {
                let status = await child.waitForExit()
                return EmbeddedLlamaServerError(
                    "llama-server \(status) during start-up; its last output:\n\(child.output.lastLines())")
            }
            if await isHealthy(endpoint, client: client, timeout: .seconds(2)) { return nil }
            guard ContinuousClock.now < deadline else {
                return EmbeddedLlamaServerError(
                    "llama-server did not answer GET /health with 200 within \(timeout); its last output:\n\(child.output.lastLines())")
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    /// Waits until the ready `child` exits, probing its liveness meanwhile: a child that
    /// fails ``Configuration/livenessFailures`` probes in a row is killed (and so exits).
    private func watch(_ child: ChildProcess, endpoint: BackendEndpoint, client: HTTPClient) async -> ChildExitStatus {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.probeLiveness(of: child, endpoint: endpoint, client: client) }
            let status = await child.waitForExit()
            group.cancelAll()
            return status
        }
    }

    private func probeLiveness(of child: ChildProcess, endpoint: BackendEndpoint, client: HTTPClient) async {
        let (interval, timeout, limit) = (configuration.livenessInterval, configuration.livenessTimeout, configuration.livenessFailures)
        var failures = 0
        while !child.hasExited {
            do { try await Task.sleep(for: interval) } catch { return }
            if isStopping { return }
            if await isHealthy(endpoint, client: client, timeout: timeout) {
                failures = 0
                continue
            }
            if Task.isCancelled || child.hasExited || isStopping { return }
            failures += 1
            guard failures >= limit else {
                logger.warning(
                    "llama-server did not answer its liveness probe within \(timeout) (\(failures) of \(limit))",
                    metadata: ["llama.pid": "\(child.pid)"])
                continue
            }
            logger.error(
                "llama-server failed \(limit) liveness probes in a row: killing it to restart it", metadata: ["llama.pid": "\(child.pid)"])
            setPhase(.restarting)
            child.send(SIGKILL)
            return
        }
    }

    /// Whether `GET /health` answers 200 within `timeout`.
    private func isHealthy(_ endpoint: BackendEndpoint, client: HTTPClient, timeout: Duration) async -> Bool {
        var request = HTTPClientRequest(url: endpoint.url + "/health")
        if let token = endpoint.bearerToken { request.headers.add(name: "Authorization", value: "Bearer " + token) }
        guard let response = try? await client.execute(request, timeout: TimeAmount(timeout)) else { return false }
        _ = try? await response.body.collect(upTo: 64 << 10)
        return response.status.code == 200
    }

    /// Sleeps for `delay`, or less if a stop is requested.
    private func sleepUnlessStopped(_ delay: Duration) async {
        let end = ContinuousClock.now.advanced(by: delay)
        while !isStopping, ContinuousClock.now < end {
            try? await Task.sleep(for: min(.milliseconds(50), ContinuousClock.now.duration(to: end)))
        }
    }
}

extension EmbeddedLlamaServer: ModelReadiness {
    /// Ready once the child answers its health check, until it dies, hangs or is stopped.
    public var isReady: Bool { phase == .ready }
}
