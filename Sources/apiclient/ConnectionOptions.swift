import ArgumentParser
import Foundation
import Wire

/// How to reach the server; shared by every subcommand.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "Server address, HOST:PORT. [env: FLINT_ENDPOINT] (default: 127.0.0.1:8443)")
    var endpoint: String?

    @Option(name: .customLong("ca"), help: "PEM file of the CA that signed the server certificate. [env: FLINT_CA_FILE]")
    var caFile: String?

    @Flag(help: "Do not verify the server certificate. For throwaway development servers only.")
    var insecure = false

    @Option(help: "Seconds the whole call may take; connecting may take at most 10 of them. (default: 30; agents run: its wall-clock budget + 30)")
    var timeout: Double?

    /// Seconds a call may take when --timeout is not given.
    static let defaultTimeout: Double = 30

    func validate() throws {
        if let timeout, !(timeout > 0 && timeout <= 86_400) { throw ValidationError("--timeout must be more than 0 and at most 86400 seconds") }
    }

    /// --timeout, or `fallback` when it is not given.
    func callTimeout(default fallback: Double = ConnectionOptions.defaultTimeout) -> Double {
        timeout ?? fallback
    }

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    func hostAndPort() throws -> (host: String, port: Int) {
        let text = endpoint ?? environment["FLINT_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1:8443"
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
            throw ValidationError("--endpoint must be HOST:PORT, got '\(text)'")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ValidationError("--endpoint needs a host, got '\(text)'") }
        return (host, port)
    }

    func tlsConfiguration(serverName: String) -> TLSConfiguration {
        var client = TLSConfiguration.Client(serverName: serverName, trustRoots: trustRoots)
        if insecure { client.verification = .insecureSkipVerification }
        return TLSConfiguration(role: .client(client))
    }

    private var trustRoots: TLSConfiguration.TrustRoots {
        if let file = caFile ?? environment["FLINT_CA_FILE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return .certificateFile(file)
        }
        let local = Self.localDataDirectory(environment) + "/tls/ca.pem"
        return FileManager.default.fileExists(atPath: local) ? .certificateFile(local) : .systemDefault
    }

    /// Whether `host` names this machine, where a local server's files may be read: only
    /// `localhost`, `::1` and dotted IPv4 literals in 127.0.0.0/8 (so `127.evil.example`,
    /// a name anyone can point anywhere, is not).
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }) else { return false }
        return octets[0] == "127"
    }

    /// The data directory a local `apiserver` uses by default.
    static func localDataDirectory(_ environment: [String: String]) -> String {
        if let dir = environment["FLINT_DATA_DIR"], !dir.isEmpty { return dir }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/flint" }
        return NSHomeDirectory() + "/.local/share/flint"
    }

    /// Connects, turning transport failures into a one-line message.
    func connect() async throws -> ClientConnection {
        let (host, port) = try hostAndPort()
        do {
            return try await ClientConnection.connect(
                host: host, port: port, tls: tlsConfiguration(serverName: host), userAgent: "apiclient/0.1.0",
                connectTimeout: .seconds(Int64(min(max(callTimeout(), 1), 10)))
            )
        } catch {
            throw CLIError("cannot connect to \(host):\(port): \(error)")
        }
    }

    var callOptions: CallOptions {
        CallOptions(timeout: .milliseconds(Int64(callTimeout() * 1000)))
    }
}
