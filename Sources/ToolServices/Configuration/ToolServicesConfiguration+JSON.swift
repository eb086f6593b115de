import Foundation
import ModelServices

/// The file format:
///
/// ```json
/// {"refreshIntervalMs": 300000, "retryIntervalMs": 5000,
///  "servers": [{"name": "orders", "url": "https://tools.example/mcp",
///               "headers": {"X-Team": "a"}, "bearerTokenFile": "/run/secrets/orders",
///               "tools": "all", "timeoutMs": 10000, "maxOutputBytes": 65536,
///               "partners": ["acme"]}]}
/// ```
///
/// Unknown keys are refused by path; `bearerTokenFile` and `bearerTokenEnv` (one at most)
/// are read at start into an `Authorization: Bearer` header.
extension ToolServicesConfiguration {
    /// Loads and validates a file; `environment` resolves `bearerTokenEnv`.
    public static func load(
        contentsOfFile path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ToolServicesConfigurationError) -> ToolServicesConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ToolServicesConfigurationError(path: "", "cannot read \(path): \(error.localizedDescription)")
        }
        return try decode(json: data, environment: environment)
    }

    /// Decodes and validates a configuration from JSON.
    public static func decode(json data: Data, environment: [String: String] = [:]) throws(ToolServicesConfigurationError) -> ToolServicesConfiguration {
        guard data.count <= Bounds.maximumFileSize else {
            throw ToolServicesConfigurationError(path: "", "the file is \(data.count) bytes, larger than the limit of \(Bounds.maximumFileSize)")
        }
        let file: ServicesFile
        do {
            file = try JSONDecoder().decode(ServicesFile.self, from: data)
        } catch let error as DecodingError {
            let converted = ModelConfigurationError(decoding: error)
            throw ToolServicesConfigurationError(path: converted.path, converted.message)
        } catch {
            throw ToolServicesConfigurationError(path: "", "not valid JSON: \(error)")
        }
        return try file.configuration(environment: environment)
    }
}

private struct ServicesFile: Decodable {
    var servers: [ServerEntry]
    var refreshIntervalMs: Int?
    var retryIntervalMs: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case servers, refreshIntervalMs, retryIntervalMs
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        servers = try container.decode([ServerEntry].self, forKey: .servers)
        refreshIntervalMs = try container.decodeIfPresent(Int.self, forKey: .refreshIntervalMs)
        retryIntervalMs = try container.decodeIfPresent(Int.self, forKey: .retryIntervalMs)
    }

    func configuration(environment: [String: String]) throws(ToolServicesConfigurationError) -> ToolServicesConfiguration {
        typealias Bounds = ToolServicesConfiguration.Bounds
        guard servers.count <= Bounds.maximumServers else {
            throw ToolServicesConfigurationError(path: "servers", "at most \(Bounds.maximumServers) servers, not \(servers.count)")
        }
        var converted: [ToolServicesConfiguration.Server] = []
        var names = Set<String>()
        for (index, entry) in servers.enumerated() {
            let server = try entry.server(path: "servers[\(index)]", environment: environment)
            guard names.insert(server.name).inserted else {
                throw ToolServicesConfigurationError(path: "servers[\(index)].name", "'\(server.name)' names two servers")
            }
            converted.append(server)
        }
        return ToolServicesConfiguration(
            servers: converted,
            refreshInterval: .milliseconds(try checked(refreshIntervalMs ?? 300_000, Bounds.intervalMs, path: "refreshIntervalMs")),
            retryInterval: .milliseconds(try checked(retryIntervalMs ?? 5_000, Bounds.intervalMs, path: "retryIntervalMs")))
    }
}

private func checked(_ value: Int, _ range: ClosedRange<Int>, path: String) throws(ToolServicesConfigurationError) -> Int {
    guard range.contains(value) else {
        throw ToolServicesConfigurationError(path: path, "must be \(range.lowerBound)...\(range.upperBound), not \(value)")
    }
    return value
}

/// `"all"` or a list of tool names.
private enum ToolSelection: Decodable {
    case all
    case named([String])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let word = try? container.decode(String.self) {
            guard word == "all" else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"all\" or a list of tool names, not '\(word)'")
            }
            self = .all
        } else {
            self = .named(try container.decode([String].self))
        }
    }
}

private struct ServerEntry: Decodable {
    var name: String
    var url: String
    var headers: [String: String]?
    var bearerTokenFile: String?
    var bearerTokenEnv: String?
    var tools: ToolSelection?
    var timeoutMs: Int?
    var maxOutputBytes: Int?
    var partners: [String]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, url, headers, bearerTokenFile, bearerTokenEnv, tools, timeoutMs, maxOutputBytes, partners
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        url = try container.decode(String.self, forKey: .url)
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers)
        bearerTokenFile = try container.decodeIfPresent(String.self, forKey: .bearerTokenFile)
        bearerTokenEnv = try container.decodeIfPresent(String.self, forKey: .bearerTokenEnv)
        tools = try container.decodeIfPresent(ToolSelection.self, forKey: .tools)
        timeoutMs = try container.decodeIfPresent(Int.self, forKey: .timeoutMs)
        maxOutputBytes = try container.decodeIfPresent(Int.self, forKey: .maxOutputBytes)
        partners = try container.decodeIfPresent([String].self, forKey: .partners)
    }

    func server(path: String, environment: [String: String]) throws(ToolServicesConfigurationError) -> ToolServicesConfiguration.Server {
        typealias Bounds = ToolServicesConfiguration.Bounds
        guard (1...Bounds.maximumNameLength).contains(name.utf8.count),
            name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
        else {
            throw ToolServicesConfigurationError(path: "\(path).name", "a server name is 1 to \(Bounds.maximumNameLength) characters of [a-z0-9-]")
        }
        try Self.checkURL(url, path: "\(path).url")
        var headers = self.headers ?? [:]
        for (field, value) in headers {
            let token = field.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
            guard !field.isEmpty, token, !value.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                throw ToolServicesConfigurationError(path: "\(path).headers", "'\(field)' is not a usable header name or its value has a line break")
            }
        }
        if let bearer = try bearerToken(path: path, environment: environment) {
            guard !headers.keys.contains(where: { $0.lowercased() == "authorization" }) else {
                throw ToolServicesConfigurationError(path: "\(path).headers", "Authorization is set by the bearer token; give one or the other")
            }
            headers["Authorization"] = "Bearer \(bearer)"
        }
        var selected: Set<String>?
        if case .named(let names)? = tools {
            guard !names.isEmpty else { throw ToolServicesConfigurationError(path: "\(path).tools", "an empty list offers nothing; remove the server") }
            selected = Set(names)
        }
        if let partners, partners.isEmpty || partners.contains(where: \.isEmpty) {
            throw ToolServicesConfigurationError(path: "\(path).partners", "a list of partner ids, none empty (leave it out for all partners)")
        }
        return ToolServicesConfiguration.Server(
            name: name, url: url, headers: headers, tools: selected,
            timeout: .milliseconds(try checked(timeoutMs ?? 10_000, Bounds.timeoutMs, path: "\(path).timeoutMs")),
            maxOutputBytes: try checked(maxOutputBytes ?? 64 << 10, Bounds.maxOutputBytes, path: "\(path).maxOutputBytes"),
            partners: partners.map(Set.init))
    }

    /// The secret from `bearerTokenFile` or `bearerTokenEnv`; errors name where, never the value.
    private func bearerToken(path: String, environment: [String: String]) throws(ToolServicesConfigurationError) -> String? {
        if bearerTokenFile != nil, bearerTokenEnv != nil {
            throw ToolServicesConfigurationError(path: "\(path).bearerTokenEnv", "give bearerTokenFile or bearerTokenEnv, not both")
        }
        let token: String
        if let file = bearerTokenFile {
            guard let data = FileManager.default.contents(atPath: file), data.count <= 16 << 10, let text = String(data: data, encoding: .utf8) else {
                throw ToolServicesConfigurationError(path: "\(path).bearerTokenFile", "cannot read \(file) (a UTF-8 file of at most 16 KiB)")
            }
            token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        } else if let variable = bearerTokenEnv {
            guard let value = environment[variable] else {
                throw ToolServicesConfigurationError(path: "\(path).bearerTokenEnv", "the environment variable \(variable) is not set")
            }
            token = value.trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            return nil
        }
        guard !token.isEmpty, !token.contains(where: { $0.isNewline || $0 == " " }) else {
            throw ToolServicesConfigurationError(path: "\(path).\(bearerTokenFile != nil ? "bearerTokenFile" : "bearerTokenEnv")", "the token is empty or has spaces or line breaks")
        }
        return token
    }

    /// https anywhere, http only to a loopback host; no user info, query or fragment.
    private static func checkURL(_ text: String, path: String) throws(ToolServicesConfigurationError) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw ToolServicesConfigurationError(path: path, "'\(text)' is not an http:// or https:// URL with a host")
        }
        guard url.user == nil, url.password == nil, url.query == nil, url.fragment == nil else {
            throw ToolServicesConfigurationError(path: path, "the URL must not have user info, a query or a fragment (put credentials in headers or a bearer token)")
        }
        if scheme == "http" {
            let loopback = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased()) || host.hasPrefix("127.")
            guard loopback else { throw ToolServicesConfigurationError(path: path, "plain http is allowed to a loopback host only; use https") }
        }
    }
}
