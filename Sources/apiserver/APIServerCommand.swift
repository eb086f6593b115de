import APIServer
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import FlintAPI

@main
struct APIServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apiserver",
        abstract: "Serve the Flint API (flint/1, and standard gRPC over HTTP/2, on one TLS port).",
        discussion: """
            With no options, apiserver listens on 127.0.0.1:8443, keeps its state in the
            per-user data directory, and creates a development CA and server certificate
            there on first start (clients trust it with `apiclient --ca <data-dir>/tls/ca.pem`).
            Every option can also be set by the environment variable named in its help;
            the command line wins. SIGTERM or SIGINT stops taking new calls, lets running
            ones finish within the drain timeout, and exits 0.
            """,
        version: FlintVersion.number
    )

    @Option(help: "Address to listen on, HOST:PORT. [env: FLINT_LISTEN] (default: 127.0.0.1:8443)")
    var listen: String?

    @Option(help: "Directory for Flint's state. [env: FLINT_DATA_DIR] (default: $XDG_DATA_HOME/flint or ~/.local/share/flint)")
    var dataDir: String?

    @Option(help: "Server certificate chain, PEM. Needs --tls-key. [env: FLINT_TLS_CERT] (default: a development certificate in <data-dir>/tls)")
    var tlsCert: String?

    @Option(help: "Server private key, PEM. [env: FLINT_TLS_KEY]")
    var tlsKey: String?

    @Option(help: "Largest frame payload accepted, in bytes. [env: FLINT_MAX_FRAME_SIZE] (default: 4194304)")
    var maxFrameSize: UInt32?

    @Option(help: "Concurrent streams allowed per connection. [env: FLINT_MAX_CONCURRENT_STREAMS] (default: 64)")
    var maxConcurrentStreams: UInt32?

    @Option(help: "Seconds a client has to finish the TLS handshake. [env: FLINT_HANDSHAKE_TIMEOUT] (default: 10)")
    var handshakeTimeout: Double?

    @Option(help: "Seconds before an idle connection (no streams, no stream frames; PINGs do not count) is closed. [env: FLINT_IDLE_TIMEOUT] (default: 120)")
    var idleTimeout: Double?

    @Option(help: "Seconds a stream's request message has to arrive after its HEADERS. [env: FLINT_REQUEST_TIMEOUT] (default: 10)")
    var requestTimeout: Double?

    @Option(help: "Seconds a connection's writes may make no progress (a client that stopped reading) before it is closed. [env: FLINT_WRITE_TIMEOUT] (default: 10)")
    var writeTimeout: Double?

    @Option(help: "Most connections open at once; more are closed before the TLS handshake. [env: FLINT_MAX_CONNECTIONS] (default: 4096)")
    var maxConnections: UInt32?

    @Option(help: "Most connections open at once from one client IP address. [env: FLINT_MAX_CONNECTIONS_PER_ADDRESS] (default: 256)")
    var maxConnectionsPerAddress: UInt32?

    @Option(help: "Seconds running calls get to finish on shutdown. [env: FLINT_DRAIN_TIMEOUT] (default: 30)")
    var drainTimeout: Double?

    @Option(help: "Seconds the whole graceful shutdown may take (drain, closing, saving state), at least the drain timeout; past it what is left is cancelled. [env: FLINT_SHUTDOWN_TIMEOUT] (default: the drain timeout + 10)")
    var shutdownTimeout: Double?

    @Flag(help: "Let admins grant the admin scope to keys of other partners; each such key manages only its own partner's keys. Without it only the operator's partner (the bootstrap admin key's) administers. [env: FLINT_ALLOW_PARTNER_ADMINS=1]")
    var allowPartnerAdmins = false

    @Option(help: "trace, debug, info, notice, warning, error or critical. [env: FLINT_LOG_LEVEL] (default: info)")
    var logLevel: String?

    @Option(help: "'text', or 'json' for one JSON object per line (timestamp, level, label, message, metadata). [env: FLINT_LOG_FORMAT] (default: text)")
    var logFormat: String?

    @Option(help: "Serve Prometheus metrics at http://HOST:PORT/metrics (plain HTTP). Loopback addresses only, unless --metrics-public. [env: FLINT_METRICS_LISTEN] (default: not served)")
    var metricsListen: String?

    @Flag(help: "Allow --metrics-listen on an address other than loopback (metrics have no authentication). [env: FLINT_METRICS_PUBLIC=1]")
    var metricsPublic = false

    @Flag(help: "Also count keyed calls and their tokens by partner name (flint_partner_calls_total, flint_partner_tokens_total). [env: FLINT_METRICS_PARTNER_LABELS=1]")
    var metricsPartnerLabels = false

    @Option(help: "Model services: 'embedded' (llama-server with Gemma 3 270M, started by apiserver), a JSON file naming models and backend URLs (docs/MODELS.md), or 'none'. [env: FLINT_MODELS] (default: embedded)")
    var models: String?

    @Option(name: .customLong("tool-services"), help: "Remote tool services: a JSON file naming MCP servers whose tools become server tools (docs/TOOLS.md). [env: FLINT_TOOL_SERVICES]")
    var toolServices: String?

    @Option(help: "Largest prompt accepted, in bytes. [env: FLINT_MAX_PROMPT_BYTES] (default: 262144)")
    var maxPromptBytes: UInt32?

    @Option(help: "Directory of Tesseract's language data (eng.traineddata) for the ocr tool, or 'none' to switch the tool off. [env: FLINT_TESSDATA] (default: /usr/share/tesseract-ocr/5/tessdata)")
    var tessdata: String?

    @OptionGroup(title: "Quota defaults for keys that do not set their own")
    var quotaDefaults: QuotaDefaultOptions

    func run() async throws {
        let settings = try ResolvedSettings(command: self, environment: ProcessInfo.processInfo.environment)
        switch settings.logFormat {
        case .text:
            LoggingSystem.bootstrap({ StreamLogHandler.standardError(label: $0, metadataProvider: $1) }, metadataProvider: CallLogMetadata.provider)
        case .json:
            LoggingSystem.bootstrap({ JSONLogHandler(label: $0, metadataProvider: $1) }, metadataProvider: CallLogMetadata.provider)
        }
        var logger = Logger(label: "flint.apiserver")
        logger.logLevel = settings.logLevel
        let application = try await ServerAssembly.start(configuration: settings.configuration, logger: logger)
        let group = application.serviceGroup(gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}
