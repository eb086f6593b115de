import ArgumentParser
import FlintAPI

/// `apiclient keys set-quota`: sets the quota of one key or of a partner.
struct SetQuotaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-quota",
        abstract: "Set the quota of a key or of a partner.",
        discussion: HelpText.discussion(
            """
            A key is held to its own quota and to its partner's (all its keys
            together); a call must pass both. The quota given replaces the stored one
            whole: a flag left out goes back to the default (for a key, its partner's
            value; for a partner, the server's). --reset with no quota flags sets
            every limit back to the default. Takes effect on the next call.

            Prints each limit as stored ("default" when unset) and as now in force.
            With --json, prints {"target": ..., "quota": ..., "effective": ...}.
            """,
            examples: [
                "apiclient keys set-quota a1B2c3D4 --rpm 60 --rpm-burst 10",
                "apiclient keys set-quota --partner acme --tpm 200000 --daily-tokens 5000000",
                "apiclient keys set-quota --partner acme --reset",
            ])
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Credential") var auth: AuthOptions

    @Argument(help: ArgumentHelp("The id of the key whose quota to set (or give --partner).", valueName: "key-id"))
    var keyID: String?

    @Option(help: ArgumentHelp("Set the quota this partner's keys share, instead of one key's.", valueName: "partner"))
    var partner: String?

    @OptionGroup(title: "Quota (each above 0; left out: the default)") var quota: QuotaOptions

    @Flag(help: "Set every limit back to the default (give no quota flag with it).")
    var reset = false

    @Flag(help: "Print one JSON object.")
    var json = false

    var target: SetQuotaRequest.Target? {
        if let keyID { return .keyID(keyID) }
        return partner.map { .partner($0) }
    }

    func validate() throws {
        switch (keyID, partner) {
        case (nil, nil): throw ValidationError("Give the KEY_ID of a key, or --partner")
        case (.some, .some): throw ValidationError("Give a KEY_ID or --partner, not both")
        case (let keyID?, nil): try KeyIDArgument.check(keyID)
        case (nil, let partner?):
            if partner.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--partner is empty") }
        }
        if quota.isEmpty, !reset {
            throw ValidationError(
                "Give at least one of --rpm, --rpm-burst, --tpm, --tpm-burst, --max-streams, --daily-tokens, or --reset")
        }
        if !quota.isEmpty, reset { throw ValidationError("--reset goes without quota flags") }
    }

    func run() async throws {
        let request = SetQuotaRequest(target: target, quota: quota.quota)
        let response = try await connection.withSession(auth) { session in
            try await session.unary(Methods.Admin.setQuota, request)
        }
        let report = QuotaReport(target: target, stored: response.quota ?? Quota(), effective: response.effective ?? Quota())
        if json {
            try JSONOutput.print(report)
        } else {
            print(report.title)
            print(report.table().rendered(), terminator: "")
        }
    }
}

/// `set-quota` output: each limit as stored and as in force.
struct QuotaReport: Encodable {
    var target: SetQuotaRequest.Target?
    var stored: Quota
    var effective: Quota

    var title: String {
        switch target {
        case .keyID(let id): "quota of key \(id):"
        case .partner(let partner): "quota of partner \(partner):"
        case nil: "quota:"
        }
    }

    func table() -> TextTable {
        var table = TextTable([TextTable.Column("LIMIT"), TextTable.Column("STORED", .right), TextTable.Column("EFFECTIVE", .right)])
        for field in QuotaField.allCases {
            let stored = stored[keyPath: field.keyPath]
            let effective = effective[keyPath: field.keyPath]
            let effectiveText = effective == 0 && field == .dailyTokens ? "unlimited" : String(effective)
            table.append([field.flag, stored == 0 ? "default" : String(stored), effectiveText])
        }
        return table
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        switch target {
        case .keyID(let id): try container.encode(["key_id": id], forKey: JSONKey("target"))
        case .partner(let partner): try container.encode(["partner": partner], forKey: JSONKey("target"))
        case nil: break
        }
        try container.encode(stored.json, forKey: JSONKey("quota"))
        try container.encode(effective.json, forKey: JSONKey("effective"))
    }
}
