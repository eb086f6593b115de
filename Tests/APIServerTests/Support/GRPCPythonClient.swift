import FlintTestSupport
import Foundation

/// The stock Python gRPC stack (grpcio and friends, installed by
/// scripts/setup-grpc-python.sh, `FLINT_GRPC_PYTHON`) running one check of
/// Tests/Fixtures/grpc/flint_grpc_checks.py against a test server: stubs generated from
/// proto/ at run time, a real TLS connection on the server's one port. Bounded: the script
/// runs under `timeout`, and each of its calls has a deadline.
struct GRPCPythonClient {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    let server: TestServer

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let script = repositoryRoot + "/Tests/Fixtures/grpc/flint_grpc_checks.py"

    /// Runs `check` with `arguments` (`--key K`, `--method M`, ...); the JSON object it printed.
    func run(_ check: String, _ arguments: [String] = []) async throws -> [String: Any] {
        guard let python = ProcessInfo.processInfo.environment["FLINT_GRPC_PYTHON"], FileManager.default.isExecutableFile(atPath: python) else {
            throw Unavailable(description: "FLINT_GRPC_PYTHON is not set to a Python with grpcio: run eval \"$(scripts/setup-grpc-python.sh)\" (scripts/test.sh does)")
        }
        let all = [
            "120", python, Self.script, "--port", String(server.port), "--ca", server.caPath,
            "--proto-root", Self.repositoryRoot + "/proto", "--check", check,
        ] + arguments
        let output = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try Spawn.run("/usr/bin/timeout", all, environment: ["PATH": "/usr/bin:/bin", "HOME": NSHomeDirectory()]) })
            }
        }
        let stderr = String(decoding: output.stderr, as: UTF8.self)
        guard output.status == 0 else { throw Failed(description: "\(check) exited \(output.status): \(stderr)") }
        guard let object = try JSONSerialization.jsonObject(with: Data(output.stdout)) as? [String: Any] else {
            throw Failed(description: "\(check) printed no JSON object: \(String(decoding: output.stdout, as: UTF8.self)) \(stderr)")
        }
        return object
    }
}
