import ArgumentParser
import Foundation
import FlintAPI
import Wire

struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Ask the server whether it is serving (needs no API key).",
        discussion: HelpText.discussion(
            "Prints SERVING, NOT_SERVING or SERVICE_UNKNOWN; exits 0 only for SERVING.",
            examples: [
                "apiclient health",
                "apiclient health --endpoint flint.example.com:443 --service flint.v1.Agents",
                "FLINT_ENDPOINT=127.0.0.1:9443 apiclient health --json",
            ],
            notes: [HelpText.connectionEnvironment])
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Ask about one service (e.g. flint.v1.Inference) instead of the whole server.")
    var service: String = ""

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() async throws {
        let client = try await connection.connect()
        defer { Task { await client.close() } }
        let response: UnaryResponse<HealthCheckResponse>
        do {
            response = try await client.unary(
                Methods.Health.check,
                request: HealthCheckRequest(service: service),
                options: connection.callOptions
            )
        } catch {
            throw CLIError("health check failed: \(error)")
        }
        let status = response.message.status.name
        if json {
            let object: [String: String] = ["status": status, "server_version": response.message.serverVersion]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(status)
        }
        if response.message.status != .serving { throw ExitCode(1) }
    }
}

extension HealthCheckResponse.ServingStatus {
    /// The proto name, as printed.
    var name: String {
        switch self {
        case .serving: "SERVING"
        case .notServing: "NOT_SERVING"
        case .serviceUnknown: "SERVICE_UNKNOWN"
        default: "UNKNOWN"
        }
    }
}
