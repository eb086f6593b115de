import Foundation
import Images

/// The JSON file format. Unknown keys anywhere are errors that name the key; times are
/// whole milliseconds.
///
/// ```json
/// {
///   "defaultModel": "gemma-3-270m",
///   "connectTimeoutMs": 1000,
///   "models": {
///     "gemma-3-270m": {
///       "kind": "llama.cpp",
///       "urls": ["http://127.0.0.1:8080", "http://10.0.0.2:8080"],
///       "backendModel": "gemma",
///       "promptFormat": "raw",
///       "contextLength": 2048,
///       "maxOutputTokens": 512,
///       "capabilities": { "images": false, "tools": false, "reasoning": false, "structuredOutput": false },
///       "timeouts": { "firstByteMs": 60000, "totalMs": 300000 },
///       "images": {
///         "maxSidePx": 8000, "maxPixels": 40000000, "maxImageBytes": 5242880,
///         "maxImagesPerRequest": 20, "maxRequestImageBytes": 33554432,
///         "tokenPatchPx": 28, "tokenMaxSidePx": 896,
///         "boxConvention": "xyxy-1000"
///       }
///     }
///   }
/// }
/// ```
///
/// Required: `models` (at least one), and per model `kind` (`llama.cpp` | `openai`), `urls`,
/// `contextLength`, `maxOutputTokens`. Optional: `defaultModel` (required with more than one
/// model), `connectTimeoutMs` (1000), `backendModel` (the configured name), `promptFormat`
/// (`chat`; or `raw`), `capabilities` (all false), `timeouts` (60000 / 300000), `images`
/// (each key optional; the defaults of ``ImageLimits`` and ``ImageTokenFormula``; `boxConvention`
/// one of ``BoxConvention/names``, `boxMaxSidePx` only with `xyxy-pixels`).
extension ModelConfiguration {
    /// Files larger than this are refused.
    public static let maximumFileSize = 1 << 20

    /// Loads and validates a configuration file.
    public static func load(contentsOfFile path: String) throws(ModelConfigurationError) -> ModelConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ModelConfigurationError(path: "", "cannot read \(path): \(error.localizedDescription)")
        }
        return try decode(json: data)
    }

    /// Decodes and validates a configuration from JSON.
    public static func decode(json data: Data) throws(ModelConfigurationError) -> ModelConfiguration {
        guard data.count <= maximumFileSize else {
            throw ModelConfigurationError(path: "", "the file is \(data.count) bytes, larger than the limit of \(maximumFileSize)")
        }
        let file: ConfigurationFile
        do {
            file = try JSONDecoder().decode(ConfigurationFile.self, from: data)
        } catch let error as DecodingError {
            throw ModelConfigurationError(decoding: error)
        } catch {
            throw ModelConfigurationError(path: "", "not valid JSON: \(error)")
        }
        let configuration = try file.configuration()
        try configuration.validate()
        return configuration
    }
}

extension ModelConfigurationError {
    /// The path and reason of a decoding failure (the tool services file reads its errors so too).
    public init(decoding error: DecodingError) {
        switch error {
        case .dataCorrupted(let context):
            self.init(path: dottedPath(context.codingPath), Self.describe(context))
        case .keyNotFound(let key, let context):
            self.init(path: dottedPath(context.codingPath), "missing required key '\(key.stringValue)'")
        case .typeMismatch(let type, let context):
            self.init(path: dottedPath(context.codingPath), "expected \(Self.jsonName(of: type))")
        case .valueNotFound(let type, let context):
            self.init(path: dottedPath(context.codingPath), "expected \(Self.jsonName(of: type)), found null")
        @unknown default:
            self.init(path: "", "\(error)")
        }
    }

    private static func describe(_ context: DecodingError.Context) -> String {
        if let underlying = context.underlyingError {
            return "not valid JSON: \(underlying.localizedDescription)"
        }
        return context.debugDescription
    }

    private static func jsonName(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is Bool.Type: "true or false"
        case is [String].Type: "an array of strings"
        default: "a JSON object or value of type \(type)"
        }
    }
}

/// The file as written; converted to ``ModelConfiguration`` after decoding.
private struct ConfigurationFile: Decodable {
    var defaultModel: String?
    var connectTimeoutMs: Int?
    var models: [String: ModelEntry]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case defaultModel, connectTimeoutMs, models
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        defaultModel = try container.decodeIfPresent(String.self, forKey: .defaultModel)
        connectTimeoutMs = try container.decodeIfPresent(Int.self, forKey: .connectTimeoutMs)
        models = try container.decode([String: ModelEntry].self, forKey: .models)
    }

    func configuration() throws(ModelConfigurationError) -> ModelConfiguration {
        guard !models.isEmpty else {
            throw ModelConfigurationError(path: "models", "at least one model is required")
        }
        var converted: [String: ModelConfiguration.Model] = [:]
        for (name, entry) in models {
            converted[name] = try entry.model(path: "models.\(name)")
        }
        let defaultName: String
        if let defaultModel {
            defaultName = defaultModel
        } else if models.count == 1 {
            defaultName = models.keys.first!
        } else {
            throw ModelConfigurationError(path: "defaultModel", "required when more than one model is configured")
        }
        return ModelConfiguration(
            models: converted,
            defaultModel: defaultName,
            connectTimeout: .milliseconds(connectTimeoutMs ?? 1000)
        )
    }
}

private struct ModelEntry: Decodable {
    var kind: String
    var urls: [String]
    var backendModel: String?
    var promptFormat: String?
    var contextLength: Int
    var maxOutputTokens: Int
    var capabilities: CapabilitiesEntry?
    var timeouts: TimeoutsEntry?
    var images: ImagesEntry?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, urls, backendModel, promptFormat, contextLength, maxOutputTokens, capabilities, timeouts, images
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(String.self, forKey: .kind)
        urls = try container.decode([String].self, forKey: .urls)
        backendModel = try container.decodeIfPresent(String.self, forKey: .backendModel)
        promptFormat = try container.decodeIfPresent(String.self, forKey: .promptFormat)
        contextLength = try container.decode(Int.self, forKey: .contextLength)
        maxOutputTokens = try container.decode(Int.self, forKey: .maxOutputTokens)
        capabilities = try container.decodeIfPresent(CapabilitiesEntry.self, forKey: .capabilities)
        timeouts = try container.decodeIfPresent(TimeoutsEntry.self, forKey: .timeouts)
        images = try container.decodeIfPresent(ImagesEntry.self, forKey: .images)
    }

    func model(path: String) throws(ModelConfigurationError) -> ModelConfiguration.Model {
        guard let backendKind = ModelConfiguration.BackendKind(rawValue: kind) else {
            let expected = ModelConfiguration.BackendKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or ")
            throw ModelConfigurationError(path: "\(path).kind", "unknown backend kind '\(kind)' (expected \(expected))")
        }
        var format = PromptFormat.chat
        if let promptFormat {
            guard let parsed = PromptFormat(rawValue: promptFormat) else {
                throw ModelConfigurationError(path: "\(path).promptFormat", "unknown prompt format '\(promptFormat)' (expected 'raw' or 'chat')")
            }
            format = parsed
        }
        let defaults = ModelConfiguration.Timeouts()
        return ModelConfiguration.Model(
            kind: backendKind,
            urls: urls,
            backendModel: backendModel,
            promptFormat: format,
            contextLength: contextLength,
            maxOutputTokens: maxOutputTokens,
            capabilities: try capabilities(path: path),
            timeouts: ModelConfiguration.Timeouts(
                firstByte: timeouts?.firstByteMs.map { .milliseconds($0) } ?? defaults.firstByte,
                total: timeouts?.totalMs.map { .milliseconds($0) } ?? defaults.total
            ),
            imageLimits: images?.limits ?? ImageLimits(),
            imageTokens: images?.tokens ?? ImageTokenFormula()
        )
    }

    /// The capabilities, with the box convention of `images`.
    private func capabilities(path: String) throws(ModelConfigurationError) -> ModelCapabilities {
        var capabilities = self.capabilities?.capabilities ?? ModelCapabilities()
        let name = images?.boxConvention ?? BoxConvention.xyxyThousandths.name
        guard let convention = BoxConvention(name: name, maxSide: images?.boxMaxSidePx) else {
            let expected = BoxConvention.names.map { "'\($0)'" }.joined(separator: ", ")
            throw ModelConfigurationError(path: "\(path).images.boxConvention", "unknown box convention '\(name)' (expected \(expected))")
        }
        if images?.boxMaxSidePx != nil, convention == .xyxyThousandths || convention == .yxyxThousandths || convention == .xyxyUnit {
            throw ModelConfigurationError(path: "\(path).images.boxMaxSidePx", "only with boxConvention 'xyxy-pixels'")
        }
        capabilities.boxConvention = convention
        return capabilities
    }
}

private struct CapabilitiesEntry: Decodable {
    var capabilities: ModelCapabilities

    enum CodingKeys: String, CodingKey, CaseIterable {
        case images, tools, reasoning, structuredOutput
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        capabilities = ModelCapabilities(
            images: try container.decodeIfPresent(Bool.self, forKey: .images) ?? false,
            tools: try container.decodeIfPresent(Bool.self, forKey: .tools) ?? false,
            reasoning: try container.decodeIfPresent(Bool.self, forKey: .reasoning) ?? false,
            structuredOutput: try container.decodeIfPresent(Bool.self, forKey: .structuredOutput) ?? false
        )
    }
}

private struct TimeoutsEntry: Decodable {
    var firstByteMs: Int?
    var totalMs: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case firstByteMs, totalMs
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        firstByteMs = try container.decodeIfPresent(Int.self, forKey: .firstByteMs)
        totalMs = try container.decodeIfPresent(Int.self, forKey: .totalMs)
    }
}

private struct ImagesEntry: Decodable {
    var limits = ImageLimits()
    var tokens = ImageTokenFormula()
    var boxConvention: String?
    var boxMaxSidePx: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxSidePx, maxPixels, maxImageBytes, maxImagesPerRequest, maxRequestImageBytes, tokenPatchPx, tokenMaxSidePx, boxConvention, boxMaxSidePx
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func value(_ key: CodingKeys, _ fallback: Int) throws -> Int { try container.decodeIfPresent(Int.self, forKey: key) ?? fallback }
        limits.maxSide = try value(.maxSidePx, limits.maxSide)
        limits.maxPixels = try value(.maxPixels, limits.maxPixels)
        limits.maxImageBytes = try value(.maxImageBytes, limits.maxImageBytes)
        limits.maxImagesPerRequest = try value(.maxImagesPerRequest, limits.maxImagesPerRequest)
        limits.maxRequestBytes = try value(.maxRequestImageBytes, limits.maxRequestBytes)
        tokens.patchSide = try value(.tokenPatchPx, tokens.patchSide)
        tokens.maxSide = try value(.tokenMaxSidePx, tokens.maxSide)
        boxConvention = try container.decodeIfPresent(String.self, forKey: .boxConvention)
        boxMaxSidePx = try container.decodeIfPresent(Int.self, forKey: .boxMaxSidePx)
    }
}
