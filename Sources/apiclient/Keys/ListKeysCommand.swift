import ArgumentParser
import Foundation
import FlintAPI

/// `apiclient keys list`: every key (never a secret), newest first.
struct ListKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List API keys, newest first (never their secrets).",
        discussion: HelpText.discussion(
            """
            Prints a table: ID, PARTNER, NAME, SCOPES, STATUS (active, expired or
            revoked), CREATED, EXPIRES and LAST USED, in UTC to the minute. LAST USED
            is updated about once a minute. Without --all, only keys that work now
            are listed. With --json, prints one JSON array of key objects (times
            RFC 3339, null for never).
            """,
            examples: [
                "apiclient keys list",
                "apiclient keys list --partner acme --all",
                "apiclient keys list --all --json | jq -r '.[] | .id + \" \" + .status'",
            ])
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Credential") var auth: AuthOptions

    @Option(help: ArgumentHelp("Only this partner's keys. (default: every partner)", valueName: "partner"))
    var partner: String?

    @Flag(help: "Include revoked and expired keys.")
    var all = false

    @Flag(help: "Print one JSON array.")
    var json = false

    func run() async throws {
        let keys = try await connection.withSession(auth) { session in
            try await Self.allPages(session, ListKeysRequest(partner: partner ?? "", includeInactive: all))
        }
        let now = UTCTime.milliseconds(Date())
        if json {
            try JSONOutput.print(keys.map { KeyJSON(key: $0, now: now) })
        } else {
            var table = TextTable(KeyInfo.tableColumns)
            for key in keys { table.append(key.tableRow(now: now)) }
            print(table.rendered(), terminator: "")
        }
    }

    /// Follows `nextPageToken` to the last page.
    static func allPages(_ session: APISession, _ first: ListKeysRequest) async throws -> [KeyInfo] {
        var request = first
        var keys: [KeyInfo] = []
        var seen: Set<String> = []
        while true {
            let page = try await session.unary(Methods.Admin.listKeys, request)
            keys += page.keys
            guard !page.nextPageToken.isEmpty else { return keys }
            guard seen.insert(page.nextPageToken).inserted else {
                throw CLIError("the server sent the same ListKeys page token twice")
            }
            request.pageToken = page.nextPageToken
        }
    }
}
