import ArgumentParser
import Foundation
import FlintAPI

/// `apiclient keys revoke`: stops a key; it fails from its next call on.
struct RevokeKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke an API key; its next call fails.",
        discussion: HelpText.discussion(
            """
            Takes effect within about a second. Revoking a revoked key changes nothing.
            KEY_ID is the id `keys list` shows (the <id> in flint_<id>_...), not the key.
            With --json, prints the revoked key as one object.
            """,
            examples: ["apiclient keys revoke a1B2c3D4", "apiclient keys revoke a1B2c3D4 --json"])
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Credential") var auth: AuthOptions

    @Argument(help: ArgumentHelp("The id of the key to revoke.", valueName: "key-id"))
    var keyID: String

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        try KeyIDArgument.check(keyID)
    }

    func run() async throws {
        let response = try await connection.withSession(auth) { session in
            try await session.unary(Methods.Admin.revokeKey, RevokeKeyRequest(keyID: keyID))
        }
        guard let key = response.key else { throw CLIError("the server's RevokeKey answer has no key") }
        let now = UTCTime.milliseconds(Date())
        if json {
            try JSONOutput.print(KeyJSON(key: key, now: now))
        } else {
            let when = key.revokedAtMs == 0 ? "" : " at \(UTCTime.minutes(key.revokedAtMs))"
            print("revoked key \(key.id) (partner \(key.partner))\(when)")
        }
    }
}

/// Checks a KEY_ID argument, and refuses a whole key given by mistake without echoing it.
enum KeyIDArgument {
    static func check(_ id: String) throws {
        if id.hasPrefix("flint_") {
            throw ValidationError("KEY_ID is the key's id (as `keys list` shows it), not the key itself")
        }
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ValidationError("KEY_ID must be letters and digits, as `keys list` shows it")
        }
    }
}
