import Agents
import Auth
import Completion
import Documents
import Foundation
import Ledger
import Logging
import NIOCore
import OCR
import RateLimit
import ServerTools
import ServiceLifecycle
import ToolServices
import UnixSignals
import Wire

/// A started server and the services that must run beside it, in `ServiceGroup` order.
public struct FlintApplication: Sendable {
    public let server: FlintServer
    /// The metrics listener, when one is configured.
    public let metricsServer: MetricsServer?
    /// Run these in one `ServiceGroup`, in this order (housekeeping first, so it stops last).
    public let services: [any Service]
    /// Where the first start wrote the admin key; nil when the store already existed.
    public let createdAdminKeyFile: String?
    /// See ``ServerConfiguration/maximumShutdownDuration``.
    public let maximumShutdownDuration: Duration

    /// A `ServiceGroup` running ``services`` (and `extra` ones after them) whose shutdown
    /// always ends: past ``maximumShutdownDuration`` what is left is cancelled (the state is
    /// still saved), and work that ignores cancellation for 5 s more ends the process.
    public func serviceGroup(gracefulShutdownSignals: [UnixSignal] = [], adding extra: [any Service] = [], logger: Logger) -> ServiceGroup {
        var configuration = ServiceGroupConfiguration(
            services: (services + extra).map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: gracefulShutdownSignals,
            logger: logger
        )
        configuration.maximumGracefulShutdownDuration = maximumShutdownDuration
        configuration.maximumCancellationDuration = Duration.seconds(5)
        return ServiceGroup(configuration: configuration)
    }
}

/// Puts a server together from its configuration: certificates, key store, quotas, usage
/// ledger, services, listener.
public enum ServerAssembly {
    /// The services this server serves, by proto name.
    static let serviceNames: Set<String> = ["flint.v1.Health", "flint.v1.Admin", "flint.v1.Documents"]

    /// Opens the stores, resolves the certificate (creating the development one if none is
    /// configured) and binds the server. `extraMethods` lets tests add methods.
    public static func start(
        configuration: ServerConfiguration,
        logger: Logger,
        extraMethods: (inout Router) -> Void = { _ in }
    ) async throws -> FlintApplication {
        let directory = configuration.dataDirectory
        AllocatorTuning.configure()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Keys, the pepper and usage live here: owner only, also for a directory made before.
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
        // First, so that an unusable state file stops the start before anything is opened.
        let limiter = RateLimiter()
        let stateFile = RateLimitStateFile(path: directory + "/ratelimit.json")
        try stateFile.restore(into: limiter, logger: logger)
        let store = try await KeyStore.open(dataDirectory: directory, logger: logger)
        if let adminKey = store.createdAdminKeyFile {
            logger.notice("created the key store and an admin key", metadata: ["auth.admin_key_file": "\(adminKey)"])
        }
        let authenticator = Authenticator(store: store, logger: logger)
        let ledger = try await UsageLedger.open(.init(path: directory + "/usage.sqlite", flushInterval: configuration.usageFlushInterval), logger: logger)
        let quotas = QuotaServices(limiter: limiter, policy: configuration.quotaPolicy, ledger: ledger)
        let exposition = MetricsExposition(partnerLabels: configuration.metricsListener?.partnerLabels ?? false) { ledger.pendingCount }
        let metrics = exposition.metrics
        let documents = try await DocumentStore.open(dataDirectory: directory, logger: logger)

        let models = try ModelAssembly.start(configuration.models, observer: metrics, logger: logger)
        var router = Router()
        HealthService(
            services: serviceNames.union(models.backend == nil ? [] : [HealthService.inferenceService, HealthService.agentsService]),
            serverVersion: configuration.serverVersion,
            inferenceReadiness: models.readiness
        ).register(in: &router)
        AdminService(
            store: store, authenticator: authenticator, ledger: ledger, policy: configuration.quotaPolicy,
            authority: AdminAuthority(operatorPartner: store.adminPartner, allowsPartnerAdmins: configuration.allowsPartnerAdmins)
        ).register(in: &router)
        DocumentsService(store: documents).register(in: &router)
        let toolServices = try configuration.toolServicesFile.map { file throws(ToolServicesConfigurationError) in
            ToolServiceDirectory(try ToolServicesConfiguration.load(contentsOfFile: file), logger: logger)
        }
        if let backend = models.backend {
            let pool = try ocrPool(configuration.ocr)
            let pipeline = CompletionPipeline(
                backend: backend, serverTools: try serverTools(ocr: pool, documents: documents, remote: toolServices),
                limits: CompletionLimits(maxPromptBytes: configuration.maxPromptBytes),
                perception: pool.map { OCRPerception(pool: $0) }, imageCheck: DecodingImageCheck(decoder: ImageDecodeCheck()))
            InferenceService(pipeline: pipeline).register(in: &router)
            AgentsService(runner: AgentRunner(pipeline: pipeline)).register(in: &router)
        }
        extraMethods(&router)
        metrics.registerMethods(router.paths)

        let server = try await FlintServer.bind(
            configuration: configuration,
            tls: try tlsConfiguration(configuration, logger: logger),
            services: CallServices(
                router: router, authenticator: authenticator, quotas: quotas, failedAuth: FailureThrottle(limit: configuration.failedAuthLimit),
                metrics: metrics),
            logger: logger
        )
        var metricsServer: MetricsServer?
        if let listener = configuration.metricsListener {
            metricsServer = try await MetricsServer.bind(host: listener.host, port: listener.port, exposition: exposition, logger: logger)
        }
        let background = BackgroundWork(ledger: ledger, store: store, documents: documents, limiter: limiter, rateLimitState: stateFile,
                                        snapshotInterval: .seconds(10), logger: logger)
        // The metrics listener first, so that it stops last and shows the shutdown.
        let services: [any Service] = (metricsServer.map { [$0] } ?? []) + [background] + models.services + (toolServices.map { [$0] } ?? []) + [server]
        return FlintApplication(server: server, metricsServer: metricsServer, services: services, createdAdminKeyFile: store.createdAdminKeyFile,
                                 maximumShutdownDuration: configuration.maximumShutdownDuration)
    }

    /// The OCR workers (the `ocr` tool and visual steps share them), unless OCR is switched
    /// off. Missing language data stops the start, naming what is missing.
    private static func ocrPool(_ settings: OCRSettings) throws -> OCRWorkerPool? {
        guard settings.enabled else { return nil }
        return try OCRWorkerPool(tessdata: try TessdataLocation.resolve(configured: settings.tessdata), limits: settings.limits)
    }

    /// The built-in server tools: calculator, clock, `search` over the caller's documents,
    /// and `ocr` when OCR runs; then the remote tool services' tools, if any are configured.
    private static func serverTools(ocr pool: OCRWorkerPool?, documents: DocumentStore, remote: ToolServiceDirectory?) throws -> ServerToolRegistry {
        let builtIn = ServerToolRegistry.builtIn().tools + (pool.map { [OCRTool(pool: $0)] } ?? []) + [SearchTool(store: documents)]
        return try ServerToolRegistry(tools: builtIn, sources: remote.map { [$0] } ?? [])
    }

    private static func tlsConfiguration(_ configuration: ServerConfiguration, logger: Logger) throws -> TLSConfiguration {
        let certificate = try configuration.certificate ?? developmentCertificate(in: configuration.dataDirectory, logger: logger)
        var tls = TLSConfiguration.Server(certificateChainPath: certificate.certificateChain, privateKeyPath: certificate.privateKey)
        tls.handshakeTimeout = .nanoseconds(Int64(configuration.handshakeTimeout.components.seconds) * 1_000_000_000 + configuration.handshakeTimeout.components.attoseconds / 1_000_000_000)
        return TLSConfiguration(role: .server(tls))
    }

    private static func developmentCertificate(in dataDirectory: String, logger: Logger) throws -> CertificateFiles {
        let issued = try DevelopmentCertificateAuthority.ensure(directory: dataDirectory + "/tls")
        if issued.created {
            logger.notice("created a development CA and server certificate", metadata: ["tls.ca": "\(issued.caCertificatePath)"])
        } else {
            logger.info("using the development certificate", metadata: ["tls.ca": "\(issued.caCertificatePath)"])
        }
        return CertificateFiles(certificateChain: issued.certificateChainPath, privateKey: issued.privateKeyPath)
    }
}
