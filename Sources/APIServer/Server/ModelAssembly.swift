import Logging
import ModelServices
import ServiceLifecycle

/// The model backend a configuration asks for, and the services it needs running.
struct ModelAssembly {
    var backend: (any ModelBackend)?
    /// In start order: the embedded llama-server (if any), then the HTTP client.
    var services: [any Service]

    static func start(_ source: ModelSource, logger: Logger) throws -> ModelAssembly {
        switch source {
        case .disabled:
            return ModelAssembly(backend: nil, services: [])
        case .file(let path):
            let backend = try OpenAICompatibleBackend(configuration: ModelConfiguration.load(contentsOfFile: path), logger: logger)
            logger.info("model services configured", metadata: ["models.file": "\(path)", "models.names": "\(backend.models.map(\.name))"])
            return ModelAssembly(backend: backend, services: [backend])
        case .embedded:
            return try embedded(logger: logger)
        }
    }

    static func embedded(logger: Logger) throws -> ModelAssembly {
        throw EmbeddedModelMissing()
    }
}

struct EmbeddedModelMissing: Error, CustomStringConvertible {
    var description: String { "the embedded model is not available in this build" }
}
