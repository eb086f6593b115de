import ArgumentParser
import Foundation
import FlintAPI

/// `apiclient usage`: the usage ledger, summed over groups.
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Show calls and model tokens used, summed by day, model, key, partner, method or agent run.",
        discussion: HelpText.discussion(
            """
            Reads flint.v1.Admin/GetUsage. Any valid key may ask; a key without the
            "admin" scope sees only its own partner's usage. Prints a table with a
            column per --group-by, then REQUESTS, FAILED, INPUT TOKENS and OUTPUT
            TOKENS, and a TOTAL line; without --group-by, only the TOTAL line. With
            --json, prints one JSON array of rows (day as YYYY-MM-DD).

            --since and --until take a time or a duration before now (7d: seven days
            ago). --since is inclusive, --until exclusive: --since 2026-11-01
            --until 2026-11-02 is the first of November. The ledger writes in
            batches; the last seconds may be missing, and the table says from when.

            --group-by run shows each agent run (Agents/Run) as a tree: its total
            line, then a line per part (plan, each subtask, synthesis) whose tokens
            add up to it. Calls that are not runs share the run "-".
            """,
            examples: [
                "apiclient usage --since 7d --group-by day",
                "apiclient usage --partner acme --since 2026-11-01 --until 2026-12-01 \\\n      --group-by model,key",
                "apiclient usage --key-id a1B2c3D4 --group-by day --group-by method --json",
                "apiclient usage --since 1d --group-by run",
            ],
            notes: [HelpText.times, HelpText.environment, HelpText.exitStatus])
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Credential") var auth: AuthOptions

    @Option(help: ArgumentHelp("Only this partner's calls. (default: every partner the key may see)", valueName: "partner"))
    var partner: String?

    @Option(
        name: .customLong("key-id"),
        help: ArgumentHelp("Only the calls of the key with this id (as `keys list` shows it).", valueName: "key-id"))
    var keyID: String?

    @Option(
        help: ArgumentHelp("Calls from this time on: RFC 3339, YYYY-MM-DD (UTC) or e.g. 7d ago. (default: the beginning)", valueName: "time"),
        transform: TimeOrAgo.parse)
    var since: TimeOrAgo?

    @Option(
        help: ArgumentHelp("Calls before this time: RFC 3339, YYYY-MM-DD (UTC) or e.g. 1h ago. (default: now)", valueName: "time"),
        transform: TimeOrAgo.parse)
    var until: TimeOrAgo?

    @Option(
        name: .customLong("group-by"),
        help: ArgumentHelp(
            "Split rows by day, model, key, partner, method, run or run-part; a comma list or the flag repeated, combined in order.",
            valueName: "group"),
        transform: GroupByName.parse)
    var groupByLists: [[UsageGroupBy]] = []

    @Flag(help: "Print one JSON array of rows.")
    var json = false

    /// The groupings asked for; `run` brings its parts (as the last grouping) for the tree.
    var groupBy: [UsageGroupBy] {
        let asked = groupByLists.flatMap { $0 }.uniqued()
        guard asked.contains(.run) else { return asked }
        return asked.filter { $0 != .runPart } + [.runPart]
    }

    func validate() throws {
        if let keyID { try KeyIDArgument.check(keyID) }
        let now = Date()
        if let since, let until, since.milliseconds(now: now) >= until.milliseconds(now: now) {
            throw ValidationError("--since must be before --until")
        }
    }

    func run() async throws {
        let now = Date()
        let request = GetUsageRequest(
            partner: partner ?? "",
            sinceMs: since?.milliseconds(now: now) ?? 0,
            untilMs: until?.milliseconds(now: now) ?? 0,
            groupBy: groupBy,
            keyID: keyID ?? ""
        )
        let response = try await connection.withSession(auth) { session in
            try await session.unary(Methods.Admin.getUsage, request)
        }
        let report = UsageReport(groupBy: groupBy, rows: response.rows)
        if json {
            try JSONOutput.print(report.json)
            return
        }
        print(report.table().rendered(), terminator: "")
        if response.completeUntilMs > 0, request.untilMs == 0 || request.untilMs > response.completeUntilMs {
            print("(calls after \(UTCTime.seconds(response.completeUntilMs)) may not be counted yet)")
        }
    }
}
