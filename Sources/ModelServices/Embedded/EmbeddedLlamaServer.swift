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
/// Put it first in the `ServiceGroup` (graceful shutdown runs in reverse order, so it stops
/// last) and give the server ``modelConfiguration`` for its ``OpenAICompatibleBackend``.
public final class EmbeddedLlamaServer: Service {
    public let configuration: Configuration
    /// The port llama-server listens on (picked at init when configured as 0).
    public let port: Int
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var phase = Phase.notStarted
        var child: ChildProcess?
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
        self.port = configuration.port == 0 ? try LoopbackPort.free() : configuration.port
        self.logger = logger
    }

    /// `http://127.0.0.1:<port>`, for an ``OpenAICompatibleBackend``.
    public var baseURL: String { "http://\(configuration.host):\(port)" }

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
        while !isStopping {
            let startedAt = ContinuousClock.now
            let child: ChildProcess
            do {
                child = try await ChildProcess.spawn(arguments: commandLine, logger: logger)
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
            if let failure = await waitForHealth(of: child, client: client) {
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
            let status = await child.waitForExit()
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
    private func waitForHealth(of child: ChildProcess, client: HTTPClient) async -> EmbeddedLlamaServerError? {
        let timeout = configuration.startupTimeout
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while !isStopping {
            if child.hasExited {
                let status = await child.waitForExit()
                return EmbeddedLlamaServerError(
                    "llama-server \(status) during start-up; its last output:\n\(child.output.lastLines())")
            }
            if await isHealthy(client: client) { return nil }
            guard ContinuousClock.now < deadline else {
                return EmbeddedLlamaServerError(
                    "llama-server did not answer GET /health with 200 within \(timeout); its last output:\n\(child.output.lastLines())")
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    private func isHealthy(client: HTTPClient) async -> Bool {
        let request = HTTPClientRequest(url: baseURL + "/health")
        guard let response = try? await client.execute(request, timeout: .seconds(2)) else { return false }
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
