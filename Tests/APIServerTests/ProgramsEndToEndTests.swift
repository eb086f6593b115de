import FlintTestSupport
import Foundation
import Testing
import Wire

/// The two programs as a partner and an operator run them.
@Suite("apiserver and apiclient programs")
struct ProgramsEndToEndTests {
    @Test("apiserver starts with no configuration, creates and names its development CA, and stops on SIGTERM with 0")
    func serverStartsAndStops() async throws {
        let server = try await ServerProcess()
        #expect(server.port > 0)
        #expect(FileManager.default.fileExists(atPath: server.home + "/flint/tls/ca.pem"))
        #expect(server.log.contains(server.home + "/flint/tls/ca.pem"))
        #expect(await server.terminate() == 0)
        #expect(server.log.contains("stopped"))
    }

    @Test("apiclient health prints SERVING, trusting the local development CA")
    func healthPrintsServing() async throws {
        let server = try await ServerProcess()
        let result = try await Executables.run("apiclient", ["health", "--endpoint", "127.0.0.1:\(server.port)"], environment: server.environment)
        #expect(result.stdout == "SERVING\n")
        #expect(result.status == 0)
        let json = try await Executables.run("apiclient", ["health", "--json", "--endpoint", "127.0.0.1:\(server.port)"], environment: server.environment)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: String]
        #expect(object?["status"] == "SERVING")
        #expect(object?["server_version"]?.hasPrefix("flint/") == true)
        #expect(await server.terminate() == 0)
    }

    @Test("apiclient health reads FLINT_ENDPOINT and FLINT_CA_FILE")
    func healthFromEnvironment() async throws {
        let server = try await ServerProcess()
        let result = try await Executables.run("apiclient", ["health"], environment: [
            "FLINT_ENDPOINT": "127.0.0.1:\(server.port)",
            "FLINT_CA_FILE": server.home + "/flint/tls/ca.pem",
            "XDG_DATA_HOME": "/nonexistent",
        ])
        #expect(result.stdout == "SERVING\n")
        #expect(await server.terminate() == 0)
    }

    @Test("apiclient refuses a server its CA did not sign, with a clear message and status 1")
    func verificationFailure() async throws {
        let server = try await ServerProcess()
        let other = try TemporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: other) }
        let ca = try DevelopmentCertificateAuthority.ensure(directory: other).caCertificatePath
        let result = try await Executables.run("apiclient", ["health", "--endpoint", "127.0.0.1:\(server.port)", "--ca", ca], environment: server.environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("certificate verify failed"))
        #expect(result.stdout.isEmpty)
        #expect(await server.terminate() == 0)
    }

    @Test("apiclient with nobody listening fails with status 1 and says so")
    func nobodyListening() async throws {
        let result = try await Executables.run("apiclient", ["health", "--endpoint", "127.0.0.1:1", "--insecure"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot connect to 127.0.0.1:1"))
    }

    @Test("apiserver --help documents every flag and its environment variable")
    func serverHelp() async throws {
        let help = try await Executables.run("apiserver", ["--help"]).stdout
        for flag in ["--listen", "--data-dir", "--tls-cert", "--tls-key", "--max-frame-size", "--max-concurrent-streams",
                     "--handshake-timeout", "--idle-timeout", "--request-timeout", "--write-timeout", "--drain-timeout", "--shutdown-timeout",
                     "--max-connections", "--max-connections-per-address", "--allow-partner-admins", "--log-level", "--default-rpm", "--default-rpm-burst",
                     "--default-tpm", "--default-tpm-burst", "--default-max-streams", "--default-daily-tokens",
                     "--log-format", "--metrics-listen", "--metrics-public", "--metrics-partner-labels"] {
            #expect(help.contains(flag), "\(flag) missing from --help")
        }
        for variable in ["FLINT_LISTEN", "FLINT_DATA_DIR", "FLINT_TLS_CERT", "FLINT_TLS_KEY", "FLINT_MAX_FRAME_SIZE",
                         "FLINT_MAX_CONCURRENT_STREAMS", "FLINT_HANDSHAKE_TIMEOUT", "FLINT_IDLE_TIMEOUT", "FLINT_WRITE_TIMEOUT", "FLINT_DRAIN_TIMEOUT",
                         "FLINT_SHUTDOWN_TIMEOUT", "FLINT_ALLOW_PARTNER_ADMINS", "FLINT_LOG_LEVEL",
                         "FLINT_DEFAULT_RPM", "FLINT_DEFAULT_TPM", "FLINT_DEFAULT_MAX_STREAMS", "FLINT_DEFAULT_DAILY_TOKENS",
                         "FLINT_LOG_FORMAT", "FLINT_METRICS_LISTEN", "FLINT_METRICS_PUBLIC", "FLINT_METRICS_PARTNER_LABELS"] {
            #expect(help.contains(variable), "\(variable) missing from --help")
        }
    }

    @Test("apiserver rejects bad flag values with a clear message", arguments: [
        (["--listen", "nonsense"], "--listen must be HOST:PORT"),
        (["--max-frame-size", "1"], "--max-frame-size must be between"),
        (["--idle-timeout", "0"], "--idle-timeout must be more than 0"),
        (["--write-timeout", "0"], "--write-timeout must be more than 0"),
        (["--drain-timeout", "30", "--shutdown-timeout", "5"], "--shutdown-timeout must be at least --drain-timeout"),
        (["--tls-cert", "/x.pem"], "--tls-cert and --tls-key go together"),
        (["--log-level", "loud"], "--log-level must be one of"),
        (["--default-rpm", "0"], "--default-rpm must be a positive whole number"),
        (["--default-tpm", "2000000000000000"], "invalid quota defaults"),
        (["--log-format", "xml"], "--log-format must be text or json, got 'xml'"),
        (["--metrics-listen", "nonsense"], "--metrics-listen must be HOST:PORT"),
        (["--metrics-listen", "0.0.0.0:9464"], "--metrics-listen 0.0.0.0:9464 is not a loopback address"),
        (["--metrics-listen", ":9464"], "is not a loopback address"),
    ])
    func badFlags(arguments: [String], message: String) async throws {
        let result = try await Executables.run("apiserver", arguments, environment: ["XDG_DATA_HOME": "/nonexistent"])
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
    }

    @Test("a switch set through the environment takes 1 or 0 only")
    func badSwitchVariable() async throws {
        let result = try await Executables.run("apiserver", [], environment: ["XDG_DATA_HOME": "/nonexistent", "FLINT_ALLOW_PARTNER_ADMINS": "yes"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("FLINT_ALLOW_PARTNER_ADMINS must be 1 or 0, got 'yes'"), "stderr: \(result.stderr)")
    }
}
