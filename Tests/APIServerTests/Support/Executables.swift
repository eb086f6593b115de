import FlintTestSupport
import Foundation
import Wire

/// The package's built programs, found beside the running test binary.
enum Executables {
    static var directory: URL {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent()
    }

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program to its end with `environment` added to this process's. The waiting
    /// happens on a thread of its own, never on one of the few threads the servers under
    /// test in this process need.
    static func run(_ name: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        try await runSystem(url(name).path, arguments, environment: environment)
    }

    /// Runs the program at `path` (a system tool, say) like ``run(_:_:environment:)``.
    static func runSystem(_ path: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result { try runBlocking(URL(fileURLWithPath: path), arguments, environment: environment) })
            }
        }
    }

    private static func runBlocking(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> Result {
        let output = try Spawn.run(executable.path, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
        return Result(status: output.status, stdout: String(decoding: output.stdout, as: UTF8.self), stderr: String(decoding: output.stderr, as: UTF8.self))
    }
}

/// A real `apiserver` process with its own data directory; stopped with SIGTERM.
final class ServerProcess {
    let process = Process()
    let home: String
    let logPath: String
    private(set) var port = 0

    private let ownsHome: Bool

    /// Starts `apiserver --listen 127.0.0.1:0` and waits until it logs its address.
    /// With `home`, reuses another process's data (a restart); that directory is then left
    /// for its first owner to remove.
    init(arguments: [String] = ["--models", "none"], home existing: String? = nil) async throws {
        home = try existing ?? TemporaryDirectory().path
        ownsHome = existing == nil
        logPath = home + "/apiserver-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = Executables.url("apiserver")
        process.arguments = ["--listen", "127.0.0.1:0"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        port = try await waitForPort()
    }

    /// The environment a client on this machine uses to find this server's data.
    var environment: [String: String] { ["XDG_DATA_HOME": home, "FLINT_DATA_DIR": ""] }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    private func waitForPort() async throws -> Int {
        for _ in 0..<1000 {
            if let line = log.split(separator: "\n").first(where: { $0.contains("listening") }),
               let port = line.split(separator: ":").last.flatMap({ Int($0.prefix { $0.isNumber }) }) {
                return port
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "apiserver did not start: \(log)"])
    }

    /// The admin key the first start wrote.
    var adminKey: String {
        get throws { try String(contentsOfFile: home + "/flint/admin.key", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// A client connection trusting this server's development CA.
    func connect() async throws -> ClientConnection {
        let tls = TLSConfiguration(role: .client(.init(serverName: "127.0.0.1", trustRoots: .certificateFile(home + "/flint/tls/ca.pem"))))
        return try await ClientConnection.connect(host: "127.0.0.1", port: port, tls: tls)
    }

    /// Kills the process with SIGKILL: no shutdown work runs.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Sends SIGTERM and returns the exit status.
    func terminate() async -> Int32 {
        if process.isRunning { process.terminate() }
        for _ in 0..<1000 where process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        if ownsHome { try? FileManager.default.removeItem(atPath: home) }
    }
}
