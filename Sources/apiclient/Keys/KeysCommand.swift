import ArgumentParser

/// `apiclient keys ...`: manage API keys and their quotas (Admin service).
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Issue, list, revoke and rotate API keys, and set quotas (needs an admin key).",
        discussion: HelpText.discussion(
            """
            Every keys command calls the flint.v1.Admin service with a key that has the
            "admin" scope. On the machine where apiserver runs, the bootstrap admin key it
            wrote to <data-dir>/admin.key is used when no key is given.
            """,
            examples: [
                "apiclient keys issue --partner acme --name ci --scopes inference,agents",
                "apiclient keys list --partner acme",
                "apiclient keys rotate a1B2c3D4 --grace 1h",
                "apiclient keys revoke a1B2c3D4",
                "apiclient keys set-quota --partner acme --rpm 600 --tpm 200000",
            ]),
        subcommands: [
            IssueKeyCommand.self, ListKeysCommand.self, RevokeKeyCommand.self, RotateKeyCommand.self,
            SetQuotaCommand.self,
        ]
    )
}
