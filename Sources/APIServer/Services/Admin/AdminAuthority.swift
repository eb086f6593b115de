import Auth
import FlintAPI

/// Who may administer whom.
///
/// Keys of the operator's partner (the bootstrap admin key's, `admin` by default) with the
/// `admin` scope administer every partner. Any other partner's key holding `admin` is a
/// *partner admin*: it exists only when the operator started the server with
/// `--allow-partner-admins`, and then manages its own partner's keys and reads its own
/// usage, nothing else (no partner quotas, no other partner). Without the flag the admin
/// scope cannot be granted to another partner's key, and such a key made earlier cannot
/// use it.
struct AdminAuthority: Sendable {
    let operatorPartner: String
    let allowsPartnerAdmins: Bool

    static let flag = "--allow-partner-admins"

    /// The partner `principal` is confined to, or nil for the operator.
    func confinement(of principal: Principal?) throws(RPCError) -> String? {
        guard let principal, principal.partner != operatorPartner else { return nil }
        guard allowsPartnerAdmins else {
            throw RPCError(.permissionDenied, "the admin scope of a key of partner '\(principal.partner)' needs the server's \(Self.flag) flag")
        }
        return principal.partner
    }

    /// Refuses a call by `principal` on `partner`'s keys unless it may act there.
    func checkActs(_ principal: Principal?, on partner: String) throws(RPCError) {
        guard let confined = try confinement(of: principal), confined != partner else { return }
        throw RPCError(.permissionDenied, "a partner admin key manages only its own partner's keys")
    }

    /// Refuses granting `scopes` to a key of `partner` when they include `admin` and the
    /// partner is not the operator's, unless partner admins are allowed.
    func checkGrant(_ scopes: Set<Scope>, to partner: String) throws(RPCError) {
        guard scopes.contains(.admin), partner != operatorPartner, !allowsPartnerAdmins else { return }
        throw RPCError(
            .permissionDenied,
            "the admin scope is for keys of the operator's partner '\(operatorPartner)'; start the server with \(Self.flag) to grant it to partners' keys (each limited to its own partner)",
            details: [.fieldViolation(FieldViolation(field: "scopes", description: "admin needs \(Self.flag) for partner keys"))])
    }
}
