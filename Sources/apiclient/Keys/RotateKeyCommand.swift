import ArgumentParser
import Foundation
import FlintAPI

/// `apiclient keys rotate`: replaces a key with a new one, the old one working on for a
/// grace period.
struct RotateKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Replace an API key with a new one (shown this once only).",
        discussion: HelpText.discussion(
            """
            The new key has the old one's partner, name, scopes and quota. Prints the
            new key once, its id, and until when the old key keeps working: --grace
            gives deployments time to switch over; without it the old key stops at
            once. With --json, prints the new key as one object with "api_key", and
            the old one under "previous".
            """,
            examples: ["apiclient keys rotate a1B2c3D4", "apiclient keys rotate a1B2c3D4 --grace 1h --json"],
            notes: [HelpText.times, HelpText.environment, HelpText.exitStatus])
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Credential") var auth: AuthOptions

    @Argument(help: ArgumentHelp("The id of the key to replace.", valueName: "key-id"))
    var keyID: String

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("How long the old key keeps working, e.g. 1h or 7d. (default: 0s, it stops at once)", valueName: "duration"),
        transform: DurationText.seconds)
    var grace: Int64?

    @Flag(help: "Print one JSON object, with the new key in \"api_key\".")
    var json = false

    func validate() throws {
        try KeyIDArgument.check(keyID)
        guard (grace ?? 0) <= Int64(UInt32.max) else { throw ValidationError("--grace must be at most 49710d") }
    }

    func run() async throws {
        let request = RotateKeyRequest(keyID: keyID, gracePeriodSeconds: UInt32(grace ?? 0))
        let response = try await connection.withSession(auth) { session in
            try await session.unary(Methods.Admin.rotateKey, request)
        }
        guard let key = response.key, !response.apiKey.isEmpty else {
            throw CLIError("the server's RotateKey answer has no key")
        }
        let now = UTCTime.milliseconds(Date())
        if json {
            try JSONOutput.print(KeyJSON(key: key, now: now, apiKey: response.apiKey, previous: response.previous))
        } else {
            var fields = [(label: "API key", value: response.apiKey)] + key.fields()
            if let previous = response.previous { fields.append((label: "replaces", value: Self.describe(previous, now: now))) }
            print(FieldList.rendered(fields), terminator: "")
            print("Store the key now: it is shown only this once.")
        }
    }

    /// `a1B2c3D4 (active until 2026-11-01T10:30Z)` or `a1B2c3D4 (expired 2026-...)`.
    static func describe(_ previous: KeyInfo, now: Int64) -> String {
        let status = KeyStatus(previous, now: now)
        switch status {
        case .active where previous.expiresAtMs != 0:
            return "\(previous.id) (active until \(UTCTime.minutes(previous.expiresAtMs)))"
        case .expired:
            return "\(previous.id) (expired \(UTCTime.minutes(previous.expiresAtMs)))"
        case .active, .revoked:
            return "\(previous.id) (\(status.rawValue))"
        }
    }
}
