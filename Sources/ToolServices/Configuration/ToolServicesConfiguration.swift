import Foundation

/// The remote tool services an operator registers (`apiserver --tool-services FILE`): MCP
/// servers reached over Streamable HTTP, whose tools Flint offers as server tools. Callers
/// never name a URL; only this file does.
public struct ToolServicesConfiguration: Sendable, Equatable {
    /// One MCP server.
    public struct Server: Sendable, Equatable {
        /// `[a-z0-9-]`, 1–32 characters: the prefix of its tools' names (`<name>__<tool>`).
        public var name: String
        /// The Streamable HTTP endpoint: https, or http on a loopback host.
        public var url: String
        /// Sent with every request (credentials included); never logged nor returned.
        public var headers: [String: String]
        /// Which of its tools Flint offers: nil for all, else these names.
        public var tools: Set<String>?
        /// The longest one call (and one list or handshake) may take.
        public var timeout: Duration
        /// The largest answer read, and the largest result handed to the model.
        public var maxOutputBytes: Int
        /// The partners whose callers may see and call its tools; nil for all.
        public var partners: Set<String>?

        public init(
            name: String, url: String, headers: [String: String] = [:], tools: Set<String>? = nil, timeout: Duration = .seconds(10),
            maxOutputBytes: Int = 64 << 10, partners: Set<String>? = nil
        ) {
            self.name = name
            self.url = url
            self.headers = headers
            self.tools = tools
            self.timeout = timeout
            self.maxOutputBytes = maxOutputBytes
            self.partners = partners
        }
    }

    public var servers: [Server]
    /// How often each server's tool list is read again (besides on `list_changed`).
    public var refreshInterval: Duration
    /// How long after a failed handshake or listing a server is tried again.
    public var retryInterval: Duration

    public init(servers: [Server], refreshInterval: Duration = .seconds(300), retryInterval: Duration = .seconds(5)) {
        self.servers = servers
        self.refreshInterval = refreshInterval
        self.retryInterval = retryInterval
    }

    /// The bounds a file's values must keep.
    public enum Bounds {
        public static let maximumFileSize = 1 << 20
        public static let maximumServers = 32
        public static let maximumNameLength = 32
        public static let timeoutMs: ClosedRange<Int> = 100...300_000
        public static let maxOutputBytes: ClosedRange<Int> = 1_024...(4 << 20)
        public static let intervalMs: ClosedRange<Int> = 100...86_400_000
    }
}

/// A tool services file that cannot be used: what is wrong and where (never a secret's value).
public struct ToolServicesConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Dotted path of the offending value (`servers[0].url`); empty for the whole file.
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String {
        path.isEmpty ? "tool services: \(message)" : "tool services: \(path): \(message)"
    }
}
