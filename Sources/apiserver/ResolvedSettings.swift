import APIServer
import ArgumentParser
import Logging
import Wire

/// The command line and environment merged into a server configuration.
struct ResolvedSettings {
    var configuration = ServerConfiguration()
    var logLevel: Logger.Level = .info
    var logFormat: LogFormat = .text

    enum LogFormat: String {
        case text, json
    }

    init(command: APIServerCommand, environment: [String: String]) throws {
        func value(_ flag: String?, _ variable: String) -> String? {
            flag ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        if let listen = value(command.listen, "FLINT_LISTEN") {
            (configuration.host, configuration.port) = try Self.hostAndPort(listen)
        }
        if let dataDir = value(command.dataDir, "FLINT_DATA_DIR") { configuration.dataDirectory = dataDir }
        let cert = value(command.tlsCert, "FLINT_TLS_CERT")
        let key = value(command.tlsKey, "FLINT_TLS_KEY")
        switch (cert, key) {
        case (nil, nil): break
        case (let cert?, let key?): configuration.certificate = CertificateFiles(certificateChain: cert, privateKey: key)
        default: throw ValidationError("--tls-cert and --tls-key go together")
        }
        configuration.limits.maxFrameSize = try Self.number(command.maxFrameSize, environment["FLINT_MAX_FRAME_SIZE"], "--max-frame-size", default: configuration.limits.maxFrameSize, range: 1024...(256 << 20))
        configuration.limits.maxConcurrentStreams = try Self.number(command.maxConcurrentStreams, environment["FLINT_MAX_CONCURRENT_STREAMS"], "--max-concurrent-streams", default: configuration.limits.maxConcurrentStreams, range: 1...100_000)
        configuration.handshakeTimeout = try Self.seconds(command.handshakeTimeout, environment["FLINT_HANDSHAKE_TIMEOUT"], "--handshake-timeout", default: configuration.handshakeTimeout)
        configuration.idleTimeout = try Self.seconds(command.idleTimeout, environment["FLINT_IDLE_TIMEOUT"], "--idle-timeout", default: configuration.idleTimeout)
        configuration.requestTimeout = try Self.seconds(command.requestTimeout, environment["FLINT_REQUEST_TIMEOUT"], "--request-timeout", default: configuration.requestTimeout)
        configuration.writeTimeout = try Self.seconds(command.writeTimeout, environment["FLINT_WRITE_TIMEOUT"], "--write-timeout", default: configuration.writeTimeout)
        configuration.maxConnections = Int(try Self.number(command.maxConnections, environment["FLINT_MAX_CONNECTIONS"], "--max-connections", default: UInt32(configuration.maxConnections), range: 1...1_000_000))
        configuration.maxConnectionsPerAddress = Int(
            try Self.number(
                command.maxConnectionsPerAddress, environment["FLINT_MAX_CONNECTIONS_PER_ADDRESS"], "--max-connections-per-address",
                default: UInt32(configuration.maxConnectionsPerAddress), range: 1...1_000_000))
        configuration.allowsPartnerAdmins = try command.allowPartnerAdmins || Self.flag(environment["FLINT_ALLOW_PARTNER_ADMINS"], "FLINT_ALLOW_PARTNER_ADMINS")
        configuration.drainTimeout = try Self.seconds(command.drainTimeout, environment["FLINT_DRAIN_TIMEOUT"], "--drain-timeout", default: configuration.drainTimeout)
        if command.shutdownTimeout != nil || environment["FLINT_SHUTDOWN_TIMEOUT"] != nil {
            let shutdown = try Self.seconds(command.shutdownTimeout, environment["FLINT_SHUTDOWN_TIMEOUT"], "--shutdown-timeout", default: configuration.maximumShutdownDuration)
            guard shutdown >= configuration.drainTimeout else {
                throw ValidationError("--shutdown-timeout must be at least --drain-timeout")
            }
            configuration.shutdownTimeout = shutdown
        }
        switch value(command.models, "FLINT_MODELS") {
        case nil, "embedded": configuration.models = .embedded
        case "none": configuration.models = .disabled
        case let file?: configuration.models = .file(file)
        }
        configuration.toolServicesFile = value(command.toolServices, "FLINT_TOOL_SERVICES")
        configuration.maxPromptBytes = Int(try Self.number(command.maxPromptBytes, environment["FLINT_MAX_PROMPT_BYTES"], "--max-prompt-bytes", default: UInt32(configuration.maxPromptBytes), range: 1...(64 << 20)))
        switch value(command.tessdata, "FLINT_TESSDATA") {
        case nil: break
        case "none": configuration.ocr.enabled = false
        case let directory?: configuration.ocr.tessdata = directory
        }
        configuration.quotaPolicy.keyDefaults = try command.quotaDefaults.resolve(over: configuration.quotaPolicy.keyDefaults, environment: environment)
        if let format = value(command.logFormat, "FLINT_LOG_FORMAT") {
            guard let parsed = LogFormat(rawValue: format.lowercased()) else { throw ValidationError("--log-format must be text or json, got '\(format)'") }
            logFormat = parsed
        }
        if let listen = value(command.metricsListen, "FLINT_METRICS_LISTEN") {
            let allowsPublic = try command.metricsPublic || Self.flag(environment["FLINT_METRICS_PUBLIC"], "FLINT_METRICS_PUBLIC")
            configuration.metricsListener = try Self.metricsListener(listen, allowsPublic: allowsPublic)
            configuration.metricsListener?.partnerLabels =
                try command.metricsPartnerLabels || Self.flag(environment["FLINT_METRICS_PARTNER_LABELS"], "FLINT_METRICS_PARTNER_LABELS")
        }
        if let level = value(command.logLevel, "FLINT_LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
                throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
            }
            logLevel = parsed
        }
    }

    /// "HOST:PORT", "[::1]:PORT" or ":PORT" (all interfaces).
    static func hostAndPort(_ text: String, option: String = "--listen") throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("\(option) must be HOST:PORT with a port from 0 to 65535, got '\(text)'")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }

    /// The metrics listener at "HOST:PORT"; an address other than loopback only when allowed.
    static func metricsListener(_ text: String, allowsPublic: Bool) throws -> MetricsListener {
        let (host, port) = try hostAndPort(text, option: "--metrics-listen")
        guard allowsPublic || isLoopback(host) else {
            throw ValidationError("--metrics-listen \(text) is not a loopback address; metrics have no authentication: pass --metrics-public to serve them there")
        }
        return MetricsListener(host: host, port: port)
    }

    /// 127.0.0.0/8, ::1 and localhost.
    static func isLoopback(_ host: String) -> Bool {
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        let isIPv4Loopback = octets.count == 4 && octets.first == "127" && octets.allSatisfy { UInt8($0) != nil }
        return isIPv4Loopback || host == "::1" || host.lowercased() == "localhost"
    }

    /// An environment flag: unset, "" or "0" false, "1" true.
    static func flag(_ text: String?, _ variable: String) throws -> Bool {
        switch text {
        case nil, "", "0": return false
        case "1": return true
        case let other?: throw ValidationError("\(variable) must be 1 or 0, got '\(other)'")
        }
    }

    static func number(_ flag: UInt32?, _ variable: String?, _ name: String, default fallback: UInt32, range: ClosedRange<UInt32>) throws -> UInt32 {
        guard let value = try flag ?? variable.map({ text in
            guard let parsed = UInt32(text) else { throw ValidationError("\(name) must be a whole number, got '\(text)'") }
            return parsed
        }) else { return fallback }
        guard range.contains(value) else { throw ValidationError("\(name) must be between \(range.lowerBound) and \(range.upperBound)") }
        return value
    }

    static func seconds(_ flag: Double?, _ variable: String?, _ name: String, default fallback: Duration) throws -> Duration {
        guard let value = try flag ?? variable.map({ text in
            guard let parsed = Double(text) else { throw ValidationError("\(name) must be a number of seconds, got '\(text)'") }
            return parsed
        }) else { return fallback }
        guard value > 0, value <= 86_400 else { throw ValidationError("\(name) must be more than 0 and at most 86400 seconds") }
        return .milliseconds(Int64(value * 1000))
    }
}
