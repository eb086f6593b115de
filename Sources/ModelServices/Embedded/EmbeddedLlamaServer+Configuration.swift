import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension EmbeddedLlamaServer {
    /// How to run llama-server. Only the two paths are required.
    public struct Configuration: Hashable, Sendable {
        /// The `llama-server` binary (absolute path).
        public var executablePath: String
        /// The GGUF model file.
        public var modelPath: String
        /// Listen address. Default 127.0.0.1 (never expose it: only Flint should call it).
        public var host: String
        /// Listen port; 0 picks a free loopback port for every start, never the previous
        /// child's (give the backend the server as its endpoint source). Default 0.
        public var port: Int
        /// Context tokens per request (per slot). The server is started with
        /// `-c contextLength × parallelSlots`, since llama-server divides its context among
        /// slots. Default 2048.
        public var contextLength: Int
        /// Output tokens a request gets at most (for the model configuration). Default 512.
        public var maxOutputTokens: Int
        /// Concurrent requests the server decodes (`--parallel`). Default 2.
        public var parallelSlots: Int
        /// CPU threads (`--threads`). Default: one less than the CPUs, 1...4 — ggml's
        /// threads wait for each other on every step, so taking every core collapses
        /// throughput as soon as anything else (Flint itself) wants one.
        public var threads: Int
        /// The name the model is served under (`--alias`). Default `gemma-3-270m`.
        public var alias: String
        /// More llama-server arguments, appended last.
        public var extraArguments: [String]
        /// How long a start may take until `/health` answers 200. Default 120 s.
        public var startupTimeout: Duration
        /// On graceful shutdown, SIGTERM, then SIGKILL after this. Default 5 s.
        public var shutdownGracePeriod: Duration
        /// Delays between restarts after crashes.
        public var restartBackoff: RestartBackoff
        /// Once ready, `GET /health` is probed this often. Default 10 s.
        public var livenessInterval: Duration
        /// A liveness probe not answered 200 within this fails. Default 5 s.
        public var livenessTimeout: Duration
        /// This many failed liveness probes in a row mean the child is hung: it is killed and
        /// restarted after the restart backoff. Default 3.
        public var livenessFailures: Int
        /// `setpriv` (util-linux), used to give the child a parent-death signal so it can
        /// never outlive this process; nil starts it without (logged as a warning). Default:
        /// the first executable `setpriv` on `/usr/bin`, `/bin`, `/usr/sbin`, `/sbin`.
        public var setprivPath: String?

        public init(
            executablePath: String,
            modelPath: String,
            host: String = "127.0.0.1",
            port: Int = 0,
            contextLength: Int = 2048,
            maxOutputTokens: Int = 512,
            parallelSlots: Int = 2,
            threads: Int = Swift.min(Swift.max(ProcessInfo.processInfo.activeProcessorCount - 1, 1), 4),
            alias: String = ModelConfiguration.embeddedModelName,
            extraArguments: [String] = [],
            startupTimeout: Duration = .seconds(120),
            shutdownGracePeriod: Duration = .seconds(5),
            restartBackoff: RestartBackoff = RestartBackoff(),
            livenessInterval: Duration = .seconds(10),
            livenessTimeout: Duration = .seconds(5),
            livenessFailures: Int = 3,
            setprivPath: String? = Configuration.defaultSetprivPath
        ) {
            self.executablePath = executablePath
            self.modelPath = modelPath
            self.host = host
            self.port = port
            self.contextLength = contextLength
            self.maxOutputTokens = maxOutputTokens
            self.parallelSlots = parallelSlots
            self.threads = threads
            self.alias = alias
            self.extraArguments = extraArguments
            self.startupTimeout = startupTimeout
            self.shutdownGracePeriod = shutdownGracePeriod
            self.restartBackoff = restartBackoff
            self.livenessInterval = livenessInterval
            self.livenessTimeout = livenessTimeout
            self.livenessFailures = livenessFailures
            self.setprivPath = setprivPath
        }

        public static var defaultSetprivPath: String? {
            ["/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv", "/sbin/setpriv"].first { access($0, X_OK) == 0 }
        }

        /// The paths `scripts/setup-model.sh` reports: `FLINT_LLAMA_SERVER` and
        /// `FLINT_MODEL_PATH` when set, else its cache layout under `FLINT_CACHE_DIR`
        /// (default `~/.cache/flint`). Nil when either file is missing.
        public static func installed(environment: [String: String] = ProcessInfo.processInfo.environment) -> Configuration? {
            let paths = installedPaths(environment: environment)
            guard access(paths.executable, X_OK) == 0, access(paths.model, R_OK) == 0 else { return nil }
            return Configuration(executablePath: paths.executable, modelPath: paths.model)
        }

        /// Where `installed(environment:)` looks.
        public static func installedPaths(environment: [String: String] = ProcessInfo.processInfo.environment) -> (executable: String, model: String) {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            let cache = environment["FLINT_CACHE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.cache/flint"
            let executable = environment["FLINT_LLAMA_SERVER"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(cache)/llama-server/11434.0.0/llama-server"
            let model = environment["FLINT_MODEL_PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(cache)/models/gemma3-270m-q4-k-m/1.0.0/model.gguf"
            return (executable, model)
        }

        /// Throws when a value cannot work.
        func validate() throws(EmbeddedLlamaServerError) {
            guard executablePath.hasPrefix("/"), access(executablePath, X_OK) == 0 else {
                throw EmbeddedLlamaServerError("llama-server is not an executable file at '\(executablePath)' (run scripts/setup-model.sh)")
            }
            guard access(modelPath, R_OK) == 0 else {
                throw EmbeddedLlamaServerError("the model file '\(modelPath)' is not readable (run scripts/setup-model.sh)")
            }
            guard (0...65535).contains(port), (1...1 << 20).contains(contextLength), maxOutputTokens > 0, maxOutputTokens <= contextLength,
                (1...64).contains(parallelSlots),
                threads > 0, startupTimeout > .zero, shutdownGracePeriod >= .zero,
                livenessInterval > .zero, livenessInterval <= .seconds(3600),
                livenessTimeout > .zero, livenessTimeout <= .seconds(60), (1...100).contains(livenessFailures)
            else {
                throw EmbeddedLlamaServerError("invalid llama-server configuration: \(self)")
            }
        }

        /// The variables the child inherits, when set; nothing else of this process's
        /// environment reaches it (no FLINT_* settings, no proxies, no LLAMA_ARG_* overrides).
        static let inheritedEnvironment = ["PATH", "HOME", "TMPDIR", "LD_LIBRARY_PATH"]

        /// The child's whole environment: the inherited variables that are set in
        /// `environment` (PATH defaults to /usr/bin:/bin), and the start's API key as
        /// `LLAMA_API_KEY` (not an argument, which every local user can read in /proc).
        static func childEnvironment(apiKey: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
            var child: [String: String] = ["PATH": "/usr/bin:/bin"]
            for name in inheritedEnvironment {
                if let value = environment[name], !value.isEmpty { child[name] = value }
            }
            child["LLAMA_API_KEY"] = apiKey
            return child
        }

        /// The llama-server command line for `port`.
        func serverArguments(port: Int) -> [String] {
            [
                executablePath,
                "--model", modelPath,
                "--host", host,
                "--port", String(port),
                "--ctx-size", String(contextLength * parallelSlots),
                "--parallel", String(parallelSlots),
                "--threads", String(threads),
                "--alias", alias,
                "--no-webui",
                "--log-colors", "off",
                "--metrics",
            ] + extraArguments
        }
    }
}

/// The embedded model server could not be started.
public struct EmbeddedLlamaServerError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
