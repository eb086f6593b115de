import ArgumentParser
import Foundation
import FlintAPI

/// `apiclient keys issue`: creates a key and shows it, the one time it can be shown.
struct IssueKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Create an API key and print it (shown this once only).",
        discussion: HelpText.discussion(
            """
            Prints the new key once, with its id, partner, scopes and expiry. Flint keeps
            only a keyed hash of the secret: store the key now, it cannot be shown again.
            With --json, prints one object whose "api_key" field is the key.

            Quota flags left out (or all of them) use the partner's values. A new partner
            starts with the server's default quota.
            """,
            examples: [
                "apiclient keys issue --partner acme --scopes inference",
                "apiclient keys issue --partner acme --name ci --scopes inference,tools \\\n      --expires-in 30d --rpm 60 --daily-tokens 2000000",
                "apiclient keys issue --partner ops --scopes admin --expires-at 2027-01-01 \\\n      --json",
            ],
            notes: [HelpText.times, HelpText.environment, HelpText.exitStatus])
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Credential") var auth: AuthOptions

    @Option(help: ArgumentHelp("The organisation the key belongs to; quotas and usage add up per partner.", valueName: "partner"))
    var partner: String

    @Option(help: ArgumentHelp("A label for people, e.g. ci or \"alice laptop\".", valueName: "name"))
    var name: String = ""

    @Option(
        name: .customLong("scopes"),
        help: ArgumentHelp(
            "What the key may call: inference, agents, tools, admin. A comma list, or the flag repeated.",
            valueName: "scopes"),
        transform: ScopeName.parse)
    var scopeLists: [[String]] = []

    @Option(
        name: .customLong("expires-in"), parsing: .unconditional,
        help: ArgumentHelp("The key stops working this long from now, e.g. 30d or 12h. (default: never)", valueName: "duration"),
        transform: DurationText.seconds)
    var expiresIn: Int64?

    @Option(
        name: .customLong("expires-at"),
        help: ArgumentHelp("The key stops working at this time, RFC 3339 or YYYY-MM-DD (UTC).", valueName: "time"),
        transform: TimeText.milliseconds)
    var expiresAt: Int64?

    @OptionGroup(title: "Quota (each above 0; left out: the partner's value)") var quota: QuotaOptions

    @Flag(help: "Print one JSON object, with the key in \"api_key\".")
    var json = false

    var scopes: [String] { scopeLists.flatMap { $0 }.uniqued() }

    func validate() throws {
        guard !partner.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--partner is empty") }
        guard !scopes.isEmpty else {
            throw ValidationError("Missing '--scopes <scopes>': choose from \(ScopeName.all.joined(separator: ", "))")
        }
        if expiresIn != nil, expiresAt != nil {
            throw ValidationError("--expires-in and --expires-at are alternatives; give one")
        }
        if expiresIn == 0 { throw ValidationError("--expires-in must be longer than 0s") }
        if let expiresAt, expiresAt <= UTCTime.milliseconds(Date()) {
            throw ValidationError("--expires-at \(UTCTime.seconds(expiresAt)) is in the past")
        }
    }

    func run() async throws {
        let now = UTCTime.milliseconds(Date())
        let request = IssueKeyRequest(
            partner: partner,
            name: name,
            scopes: scopes,
            quota: quota.isEmpty ? nil : quota.quota,
            expiresAtMs: expiresAt ?? expiresIn.map { now + $0 * 1000 } ?? 0
        )
        let response = try await connection.withSession(auth) { session in
            try await session.unary(Methods.Admin.issueKey, request)
        }
        guard let key = response.key, !response.apiKey.isEmpty else {
            throw CLIError("the server's IssueKey answer has no key")
        }
        if json {
            try JSONOutput.print(KeyJSON(key: key, now: now, apiKey: response.apiKey))
        } else {
            print(FieldList.rendered([(label: "API key", value: response.apiKey)] + key.fields()), terminator: "")
            print("Store the key now: it is shown only this once.")
        }
    }
}
