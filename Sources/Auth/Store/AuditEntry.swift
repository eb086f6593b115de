/// One administrative change, as recorded in the audit log.
public struct AuditEntry: Hashable, Sendable {
    /// What was done. Compare with the static constants.
    public struct Action: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { self.rawValue }

        public static let partnerCreate = Action(rawValue: "partner.create")
        public static let keyIssue = Action(rawValue: "key.issue")
        public static let keyRevoke = Action(rawValue: "key.revoke")
        public static let keyRotate = Action(rawValue: "key.rotate")
        public static let keySetQuota = Action(rawValue: "key.set_quota")
        public static let partnerSetQuota = Action(rawValue: "partner.set_quota")
    }

    /// Position in the log, increasing.
    public var sequence: Int64
    /// The admin key that made the change; `nil` for the server itself (bootstrap).
    public var actor: KeyID?
    public var action: Action
    /// The key id or partner name acted on.
    public var target: String
    /// A JSON object with the change's particulars (never secrets).
    public var details: String
    public var time: Timestamp
}
