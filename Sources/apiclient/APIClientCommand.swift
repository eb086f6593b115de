import ArgumentParser
import Foundation
import Glibc

@main
struct APIClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apiclient",
        abstract: "Call the Flint API from the command line.",
        discussion: """
            Connection settings come from flags or the environment: FLINT_ENDPOINT (HOST:PORT),
            FLINT_CA_FILE (PEM bundle to trust). With neither CA flag nor variable, apiclient
            trusts the development CA of a local server (<data-dir>/tls/ca.pem) if it exists,
            else the system's trust store. Commands that need an API key take --key, else
            FLINT_API_KEY, else, for a server on this machine, <data-dir>/admin.key.

            Exit status: 0 on success; 1 when the call failed, with one line on stderr,
            "error: <CODE>: <message>"; 64 on a usage error.
            """,
        version: "0.1.0",
        subcommands: [
            HealthCommand.self, CompleteCommand.self, ModelsCommand.self, CountTokensCommand.self, ToolsCommand.self, AgentsCommand.self,
            DocumentsCommand.self, KeysCommand.self, UsageCommand.self,
        ]
    )

    /// Runs the command; a ``CLIError`` becomes one `error: ...` line on stderr and exit
    /// status 1, everything else exits as ArgumentParser decides (64 for usage errors).
    static func main() async {
        // A closed stdout is an EPIPE error on write (handled where output is written),
        // never a signal that kills the program mid-call.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try await asyncParseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            Self.exit(withError: ExitCode.failure)
        } catch {
            Self.exit(withError: error)
        }
    }
}
