import Foundation
import ModelServices
import OCR
import RateLimit
import Wire

/// Everything `apiserver` can be told. Every field has a default; a development run needs none.
public struct ServerConfiguration: Sendable {
    /// Address to listen on. Default 127.0.0.1.
    public var host: String
    /// Port to listen on; 0 picks a free one (tests). Default 8443.
    public var port: Int
    /// Where Flint keeps its state: development certificates (`tls/`), the key store
    /// (`keys.sqlite`, `pepper`, `admin.key`), usage (`usage.sqlite`) and rate-limit state.
    public var dataDirectory: String
    /// The server certificate chain and key (PEM). Nil: a development CA and certificate are
    /// created in `<dataDirectory>/tls` on first start and reused after.
    public var certificate: CertificateFiles?
    /// Frame size and stream limits announced in SETTINGS.
    public var limits: ConnectionLimits
    /// A client must finish the TLS handshake within this. Default 10 s.
    public var handshakeTimeout: Duration
    /// A connection with no open stream and no stream frame (HEADERS, MESSAGE, CANCEL) for
    /// this long is closed; PINGs and SETTINGS do not keep it open. Default 120 s.
    public var idleTimeout: Duration
    /// A stream's request MESSAGE must arrive within this of its HEADERS, else the stream
    /// ends with DEADLINE_EXCEEDED. Default 10 s.
    public var requestTimeout: Duration
    /// A connection whose queued writes make no progress for this long (a client that stopped
    /// reading) is closed and its calls cancelled; a GOAWAY that cannot be flushed within it
    /// is given up. Default 10 s.
    public var writeTimeout: Duration
    /// Most connections open at once; more are closed as they are accepted, before the TLS
    /// handshake. Default 4096.
    public var maxConnections: Int
    /// Most connections open at once from one client IP address. Default 256.
    public var maxConnectionsPerAddress: Int
    /// Failed authentications a client IP address may make: a burst, then a rate. Past it,
    /// that address's keyed calls get RESOURCE_EXHAUSTED with the retry delay, without
    /// their key being looked up. Default 30 at once, then 60 per minute.
    public var failedAuthLimit: BucketLimit
    /// Whether the admin scope may be granted to keys of partners other than the operator's
    /// (the bootstrap admin key's); such keys then manage their own partner only. Default
    /// false: only the operator's keys administer, and they administer every partner.
    public var allowsPartnerAdmins = false
    /// On shutdown, running calls get this long to finish before they are cancelled. Default 30 s.
    /// An HTTP/2 (gRPC) connection this old gets GOAWAY and drains, so long-lived clients
    /// reconnect now and then (and spread over restarted servers).
    public var maxConnectionAge: Duration = .seconds(3600)
    public var drainTimeout: Duration
    /// After the drain timeout, the time allowed to close connections, stop the model
    /// services and save usage, key and rate-limit state. Default 10 s.
    public var closingTimeout: Duration = .seconds(10)
    /// The longest a graceful shutdown may take, when set; at least the drain timeout.
    /// Nil: the drain timeout plus the closing timeout.
    public var shutdownTimeout: Duration?
    /// The longest a graceful shutdown may take. Past it, what is left is cancelled (see
    /// docs/OPERATIONS.md).
    public var maximumShutdownDuration: Duration { shutdownTimeout ?? drainTimeout + closingTimeout }
    /// What SETTINGS and Health report as the server build.
    public var serverVersion: String
    /// Quota defaults for keys and partners whose quota leaves a field unset.
    public var quotaPolicy: QuotaPolicy
    /// How often usage records are written to disk; a SIGKILL loses at most this much.
    /// Default 1 s.
    public var usageFlushInterval: Duration
    /// Where inference goes. Default: the embedded llama-server with the Gemma model.
    public var models: ModelSource
    /// Largest prompt a completion may carry, in UTF-8 bytes; larger ones are refused before
    /// any quota or backend is touched. Default 256 KiB.
    public var maxPromptBytes: Int
    /// The `ocr` server tool: where Tesseract's language data is and the worker pool's
    /// bounds. Default: on, Debian's language data, the default ``OCRLimits``.
    public var ocr = OCRSettings()
    /// The remote tool services file (MCP servers whose tools become server tools,
    /// docs/TOOLS.md); nil for none. Validated at start: a bad file stops the start, a
    /// server that is down does not.
    public var toolServicesFile: String?
    /// Where Prometheus metrics are served (plain HTTP, `GET /metrics`, docs/OPERATIONS.md);
    /// nil: not served. Default nil. Port 0 picks a free port (tests).
    public var metricsListener: MetricsListener?

    public init(
        host: String = "127.0.0.1",
        port: Int = 8443,
        dataDirectory: String = ServerConfiguration.defaultDataDirectory,
        certificate: CertificateFiles? = nil,
        limits: ConnectionLimits = ConnectionLimits(),
        handshakeTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(120),
        requestTimeout: Duration = .seconds(10),
        writeTimeout: Duration = .seconds(10),
        maxConnections: Int = 4096,
        maxConnectionsPerAddress: Int = 256,
        failedAuthLimit: BucketLimit = BucketLimit(perMinute: 60, burst: 30),
        drainTimeout: Duration = .seconds(30),
        serverVersion: String = FlintVersion.server,
        quotaPolicy: QuotaPolicy = QuotaPolicy(),
        usageFlushInterval: Duration = .seconds(1),
        models: ModelSource = .embedded,
        maxPromptBytes: Int = 256 << 10
    ) {
        self.models = models
        self.maxPromptBytes = maxPromptBytes
        self.quotaPolicy = quotaPolicy
        self.usageFlushInterval = usageFlushInterval
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.certificate = certificate
        self.limits = limits
        self.handshakeTimeout = handshakeTimeout
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.writeTimeout = writeTimeout
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
        self.failedAuthLimit = failedAuthLimit
        self.drainTimeout = drainTimeout
        self.serverVersion = serverVersion
    }

    /// `$XDG_DATA_HOME/flint`, else `~/.local/share/flint`.
    public static var defaultDataDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/flint" }
        return NSHomeDirectory() + "/.local/share/flint"
    }
}

/// The metrics listener's address.
public struct MetricsListener: Hashable, Sendable {
    public var host: String
    public var port: Int
    /// Also count keyed calls and their tokens by partner name (`flint_partner_calls_total`,
    /// `flint_partner_tokens_total`). Default false: no metric names a partner.
    public var partnerLabels: Bool

    public init(host: String = "127.0.0.1", port: Int = 9464, partnerLabels: Bool = false) {
        self.host = host
        self.port = port
        self.partnerLabels = partnerLabels
    }
}

/// The `ocr` server tool's settings (docs/IMAGES.md).
public struct OCRSettings: Sendable {
    /// False: no `ocr` tool, and no Tesseract started.
    public var enabled: Bool
    /// The directory holding `eng.traineddata`; nil for Debian's. Missing data stops the start.
    public var tessdata: String?
    /// Workers, queue, time and pixel limits.
    public var limits: OCRLimits

    public init(enabled: Bool = true, tessdata: String? = nil, limits: OCRLimits = OCRLimits()) {
        self.enabled = enabled
        self.tessdata = tessdata
        self.limits = limits
    }
}

/// Where inference calls go.
public enum ModelSource: Sendable {
    /// `llama-server` with the Gemma 3 270M model, started and supervised by the server
    /// (paths from `FLINT_LLAMA_SERVER` / `FLINT_MODEL_PATH`, else the set-up cache).
    case embedded
    /// Model services named in a JSON file (see docs/MODELS.md).
    case file(String)
    /// No model service: Inference methods answer UNIMPLEMENTED (for tests of other parts).
    case disabled
    /// A backend built by the caller (tests, embedding Flint in another program).
    case custom(any ModelBackend)
}

/// A certificate chain and its private key, as PEM files.
public struct CertificateFiles: Hashable, Sendable {
    public var certificateChain: String
    public var privateKey: String

    public init(certificateChain: String, privateKey: String) {
        self.certificateChain = certificateChain
        self.privateKey = privateKey
    }
}

/// Build identifiers reported on the wire.
public enum FlintVersion {
    public static let number = "0.1.0"
    public static let server = "flint/\(number)"
}
