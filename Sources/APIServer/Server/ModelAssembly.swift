import Logging
import ModelServices
import ServiceLifecycle

/// The model backend a configuration asks for, and the services it needs running.
struct ModelAssembly {
    var backend: (any ModelBackend)?
    /// Whether the backend can take calls now (for Health); nil: always.
    var readiness: (any ModelReadiness)? = nil
    /// In start order: the embedded llama-server (if any), then the HTTP client.
    var services: [any Service]

    static func start(_ source: ModelSource, observer: any BackendObserver, logger: Logger) throws -> ModelAssembly {
        switch source {
        case .disabled:
            return ModelAssembly(backend: nil, services: [])
        case .file(let path):
            let backend = try OpenAICompatibleBackend(configuration: ModelConfiguration.load(contentsOfFile: path), observer: observer, logger: logger)
            logger.info("model services configured", metadata: ["models.file": "\(path)", "models.names": "\(backend.models.map(\.name))"])
            return ModelAssembly(backend: backend, services: [backend])
        case .embedded:
            return try embedded(observer: observer, logger: logger)
        case .custom(let backend):
            return ModelAssembly(backend: backend, services: [])
        }
    }

    /// llama-server with the Gemma model on a fresh loopback port and API key per start,
    /// supervised; calls made while it loads (a few seconds) get UNAVAILABLE, which clients
    /// retry, and Health answers NOT_SERVING for inference meanwhile.
    static func embedded(observer: any BackendObserver, logger: Logger) throws -> ModelAssembly {
        guard let configuration = EmbeddedLlamaServer.Configuration.installed() else {
            let paths = EmbeddedLlamaServer.Configuration.installedPaths()
            throw EmbeddedLlamaServerError(
                "the embedded model is not installed (looked for \(paths.executable) and \(paths.model)); run scripts/setup-model.sh, or pass --models FILE or --models none")
        }
        let server = try EmbeddedLlamaServer(configuration: configuration, logger: logger)
        let backend = try OpenAICompatibleBackend(configuration: server.modelConfiguration, endpointSource: server, observer: observer, logger: logger)
        logger.info("starting the embedded model", metadata: ["models.file": "\(configuration.modelPath)"])
        return ModelAssembly(backend: backend, readiness: server, services: [server, backend])
    }
}
