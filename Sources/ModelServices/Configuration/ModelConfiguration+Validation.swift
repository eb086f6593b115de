import Foundation

extension ModelConfiguration {
    /// Limits on configured values, so a typo cannot configure a day-long timeout.
    public enum Limits {
        public static let maximumContextLength = 10_000_000
        public static let maximumTimeout = Duration.seconds(3600)
        public static let maximumConnectTimeout = Duration.seconds(60)
        public static let maximumNameLength = 128
        /// Ceilings of the per-model image settings (a typo must not allow a gigapixel image).
        public static let maximumImageSide = 65_535
        public static let maximumImagePixels = 400_000_000
        public static let maximumImageBytes = 64 << 20
        public static let maximumImagesPerRequest = 256
        public static let maximumRequestImageBytes = 256 << 20
        public static let maximumTokenPatch = 1_024
    }

    /// Throws the first problem found: no models, an unknown default, a bad name, an empty or
    /// malformed URL, a zero or negative limit, a zero timeout.
    public func validate() throws(ModelConfigurationError) {
        guard !models.isEmpty else {
            throw ModelConfigurationError(path: "models", "at least one model is required")
        }
        guard models[defaultModel] != nil else {
            throw ModelConfigurationError(path: "defaultModel", "'\(defaultModel)' is not one of the configured models")
        }
        try Self.checkTimeout(connectTimeout, maximum: Limits.maximumConnectTimeout, path: "connectTimeoutMs")
        for name in models.keys.sorted() {
            try Self.validateName(name)
            try models[name]!.validate(path: "models.\(name)")
        }
    }

    private static func validateName(_ name: String) throws(ModelConfigurationError) {
        let path = "models.\(name)"
        guard !name.isEmpty, name.utf8.count <= Limits.maximumNameLength else {
            throw ModelConfigurationError(path: path, "a model name must have 1...\(Limits.maximumNameLength) bytes")
        }
        guard name.unicodeScalars.allSatisfy({ !$0.properties.isWhitespace && $0.value >= 0x20 && $0.value != 0x7F }) else {
            throw ModelConfigurationError(path: path, "a model name must not contain spaces or control characters")
        }
    }

    static func checkTimeout(_ value: Duration, maximum: Duration, path: String) throws(ModelConfigurationError) {
        guard value > .zero else {
            throw ModelConfigurationError(path: path, "must be more than zero")
        }
        guard value <= maximum else {
            throw ModelConfigurationError(path: path, "must be at most \(maximum)")
        }
    }
}

extension ModelConfiguration.Model {
    func validate(path: String) throws(ModelConfigurationError) {
        guard !urls.isEmpty else {
            throw ModelConfigurationError(path: "\(path).urls", "at least one URL is required")
        }
        for (index, url) in urls.enumerated() {
            try Self.validateURL(url, path: "\(path).urls[\(index)]")
        }
        guard Set(urls.map(normalizedBaseURL)).count == urls.count else {
            throw ModelConfigurationError(path: "\(path).urls", "the same URL is listed twice")
        }
        if let backendModel, backendModel.isEmpty {
            throw ModelConfigurationError(path: "\(path).backendModel", "must not be empty (leave it out to send the configured name)")
        }
        guard contextLength > 0, contextLength <= ModelConfiguration.Limits.maximumContextLength else {
            throw ModelConfigurationError(path: "\(path).contextLength", "must be 1...\(ModelConfiguration.Limits.maximumContextLength), not \(contextLength)")
        }
        guard maxOutputTokens > 0, maxOutputTokens <= contextLength else {
            throw ModelConfigurationError(path: "\(path).maxOutputTokens", "must be 1...contextLength (\(contextLength)), not \(maxOutputTokens)")
        }
        if capabilities.tools, promptFormat == .raw, kind != .llamaCpp {
            throw ModelConfigurationError(
                path: "\(path).capabilities.tools",
                "tools on a raw-prompt model need kind llama.cpp (Flint constrains its output with a GBNF grammar); use promptFormat chat for native tool calls")
        }
        if capabilities.images, promptFormat == .raw {
            throw ModelConfigurationError(path: "\(path).capabilities.images", "images go to a model as chat content; use promptFormat chat")
        }
        if capabilities.structuredOutput, promptFormat == .raw {
            throw ModelConfigurationError(
                path: "\(path).capabilities.structuredOutput", "JSON-schema output goes with /v1/chat/completions; use promptFormat chat")
        }
        if capabilities.reasoning, promptFormat == .raw {
            throw ModelConfigurationError(path: "\(path).capabilities.reasoning", "reasoning_content streams from /v1/chat/completions; use promptFormat chat")
        }
        if case .xyxyPixels(let maxSide?) = capabilities.boxConvention, !(1...ModelConfiguration.Limits.maximumImageSide).contains(maxSide) {
            throw ModelConfigurationError(
                path: "\(path).images.boxMaxSidePx", "must be 1...\(ModelConfiguration.Limits.maximumImageSide), not \(maxSide)")
        }
        let maximum = ModelConfiguration.Limits.maximumTimeout
        try ModelConfiguration.checkTimeout(timeouts.firstByte, maximum: maximum, path: "\(path).timeouts.firstByteMs")
        try ModelConfiguration.checkTimeout(timeouts.total, maximum: maximum, path: "\(path).timeouts.totalMs")
        try validateImages(path: "\(path).images")
    }

    private func validateImages(path: String) throws(ModelConfigurationError) {
        typealias Limits = ModelConfiguration.Limits
        let checks: [(String, Int, ClosedRange<Int>)] = [
            ("maxSidePx", imageLimits.maxSide, 1...Limits.maximumImageSide),
            ("maxPixels", imageLimits.maxPixels, 1...Limits.maximumImagePixels),
            ("maxImageBytes", imageLimits.maxImageBytes, 1...Limits.maximumImageBytes),
            ("maxImagesPerRequest", imageLimits.maxImagesPerRequest, 1...Limits.maximumImagesPerRequest),
            ("maxRequestImageBytes", imageLimits.maxRequestBytes, max(1, min(imageLimits.maxImageBytes, Limits.maximumRequestImageBytes))...Limits.maximumRequestImageBytes),
            ("tokenPatchPx", imageTokens.patchSide, 1...Limits.maximumTokenPatch),
            ("tokenMaxSidePx", imageTokens.maxSide, 1...Limits.maximumImageSide),
        ]
        for (key, value, range) in checks where !range.contains(value) {
            throw ModelConfigurationError(path: "\(path).\(key)", "must be \(range.lowerBound)...\(range.upperBound), not \(value)")
        }
    }

    private static func validateURL(_ text: String, path: String) throws(ModelConfigurationError) {
        guard !text.isEmpty else {
            throw ModelConfigurationError(path: path, "must not be empty")
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw ModelConfigurationError(path: path, "'\(text)' is not an http:// or https:// URL")
        }
        guard let host = url.host, !host.isEmpty else {
            throw ModelConfigurationError(path: path, "'\(text)' has no host")
        }
        guard url.query == nil, url.fragment == nil, url.user == nil else {
            throw ModelConfigurationError(path: path, "'\(text)' must not have a query, fragment or user info")
        }
        let trimmed = normalizedBaseURL(text)
        guard !trimmed.hasSuffix("/v1") else {
            throw ModelConfigurationError(path: path, "give the server root without '/v1': Flint appends /v1/... itself")
        }
    }
}

/// A base URL without trailing slashes, so paths can be appended.
func normalizedBaseURL(_ url: String) -> String {
    var trimmed = Substring(url)
    while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    return String(trimmed)
}
