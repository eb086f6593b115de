import ArgumentParser
import Foundation

/// Which API key to call with; shared by every command that needs one.
///
/// The key is taken from `--key`, else `FLINT_API_KEY`, else (for a server on this
/// machine only) the bootstrap key the server wrote to `<data-dir>/admin.key`. The key
/// itself never appears in output or errors; ``Credential/source`` says where it came from.
struct AuthOptions: ParsableArguments {
    @Option(
        name: .customLong("key"),
        help: ArgumentHelp(
            "API key to call with. [env: FLINT_API_KEY] (default for a server on this machine: <data-dir>/admin.key)",
            valueName: "api-key"
        )
    )
    var key: String?

    /// The key file a local `apiserver` writes on its first start.
    static func adminKeyPath(_ environment: [String: String]) -> String {
        ConnectionOptions.localDataDirectory(environment) + "/admin.key"
    }

    func validate() throws {
        if let key, key.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--key is empty")
        }
    }

    /// The key to send to `host`, or nil when there is none.
    func credential(host: String, environment: [String: String]) throws -> Credential? {
        if let key {
            return Credential(key: key.trimmingCharacters(in: .whitespacesAndNewlines), source: "--key")
        }
        if let key = environment["FLINT_API_KEY"]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty {
            return Credential(key: key, source: "FLINT_API_KEY")
        }
        guard ConnectionOptions.isLoopback(host) else { return nil }
        return try Self.readKeyFile(Self.adminKeyPath(environment))
    }

    private static func readKeyFile(_ path: String) throws -> Credential? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read the API key file \(path)")
        }
        let key = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return key.isEmpty ? nil : Credential(key: key, source: path)
    }
}

/// An API key and where it was found.
struct Credential: CustomStringConvertible {
    /// The key. Sent to the server; never printed.
    let key: String
    /// `--key`, `FLINT_API_KEY` or the key file's path.
    let source: String

    var description: String { "API key from \(source)" }
}
