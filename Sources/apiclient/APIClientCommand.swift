import ArgumentParser

@main
struct APIClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apiclient",
        abstract: "Call the Flint API from the command line.",
        discussion: """
            Connection settings come from flags or the environment: FLINT_ENDPOINT (HOST:PORT),
            FLINT_CA_FILE (PEM bundle to trust). With neither CA flag nor variable, apiclient
            trusts the development CA of a local server (<data-dir>/tls/ca.pem) if it exists,
            else the system's trust store. Exit status: 0 on success, 1 when the call failed,
            2 on a usage error.
            """,
        version: "0.1.0",
        subcommands: [HealthCommand.self]
    )
}
