import Foundation
import FlintAPI

/// Whether a key works now.
enum KeyStatus: String {
    case active
    case expired
    case revoked

    init(_ key: KeyInfo, now: Int64) {
        if key.revokedAtMs != 0 {
            self = .revoked
        } else if key.expiresAtMs != 0, key.expiresAtMs <= now {
            self = .expired
        } else {
            self = .active
        }
    }
}

/// A key (never its secret) in the `keys list` table and in JSON.
extension KeyInfo {
    static var tableColumns: [TextTable.Column] {
        ["ID", "PARTNER", "NAME", "SCOPES", "STATUS", "CREATED", "EXPIRES", "LAST USED"].map { TextTable.Column($0) }
    }

    func tableRow(now: Int64) -> [String] {
        [
            id, partner, name.isEmpty ? "-" : name, scopes.joined(separator: ","), KeyStatus(self, now: now).rawValue,
            Self.minutes(createdAtMs, or: "-"), Self.minutes(expiresAtMs, or: "never"),
            Self.minutes(lastUsedAtMs, or: "never"),
        ]
    }

    /// The `keys issue` and `keys rotate` lines about the key.
    func fields() -> [(label: String, value: String)] {
        [
            ("id", id),
            ("partner", partner),
            ("name", name.isEmpty ? "-" : name),
            ("scopes", scopes.joined(separator: ",")),
            ("expires", Self.minutes(expiresAtMs, or: "never")),
            ("quota", quota?.setFieldsText ?? "the partner's"),
        ]
    }

    private static func minutes(_ milliseconds: Int64, or none: String) -> String {
        milliseconds == 0 ? none : UTCTime.minutes(milliseconds)
    }
}

/// A key as `--json` prints it. Times are RFC 3339 UTC, null for "never"; `api_key` only
/// where the command's purpose is to show a new key.
struct KeyJSON: Encodable {
    var key: KeyInfo
    var now: Int64
    var apiKey: String?
    var previous: KeyInfo?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        try container.encode(key.id, forKey: JSONKey("id"))
        try container.encode(key.partner, forKey: JSONKey("partner"))
        try container.encode(key.name, forKey: JSONKey("name"))
        try container.encode(key.scopes, forKey: JSONKey("scopes"))
        try container.encode(KeyStatus(key, now: now).rawValue, forKey: JSONKey("status"))
        try container.encode((key.quota ?? Quota()).json, forKey: JSONKey("quota"))
        try container.encode(Self.time(key.createdAtMs), forKey: JSONKey("created_at"))
        try container.encode(Self.time(key.expiresAtMs), forKey: JSONKey("expires_at"))
        try container.encode(Self.time(key.revokedAtMs), forKey: JSONKey("revoked_at"))
        try container.encode(Self.time(key.lastUsedAtMs), forKey: JSONKey("last_used_at"))
        try container.encode(key.rotatedFrom.isEmpty ? nil : key.rotatedFrom, forKey: JSONKey("rotated_from"))
        if let apiKey { try container.encode(apiKey, forKey: JSONKey("api_key")) }
        if let previous { try container.encode(KeyJSON(key: previous, now: now), forKey: JSONKey("previous")) }
    }

    private static func time(_ milliseconds: Int64) -> String? {
        milliseconds == 0 ? nil : UTCTime.seconds(milliseconds)
    }
}
