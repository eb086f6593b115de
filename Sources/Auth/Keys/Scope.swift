/// What an API key may call. Each service method requires one scope.
///
/// A struct with static constants rather than an enum, so a new scope never breaks a
/// caller's `switch`.
public struct Scope: Hashable, Comparable, Sendable {
    /// The scope's name, as the admin API and the key store spell it.
    public let rawValue: String

    /// The scope named `name`, or `nil` if Flint has no such scope.
    public init?(_ name: String) {
        guard let scope = Self.all.first(where: { $0.rawValue == name }) else { return nil }
        self = scope
    }

    private init(unchecked name: String) {
        self.rawValue = name
    }

    /// Model calls: `Inference/*`.
    public static let inference = Scope(unchecked: "inference")
    /// Agent runs: `Agents/*`.
    public static let agents = Scope(unchecked: "agents")
    /// Server tools.
    public static let tools = Scope(unchecked: "tools")
    /// Key and quota management: `Admin/*`.
    public static let admin = Scope(unchecked: "admin")

    /// Every scope, in a fixed order.
    public static let all: [Scope] = [.inference, .agents, .tools, .admin]

    public static func < (lhs: Scope, rhs: Scope) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

extension Scope: CustomStringConvertible {
    public var description: String { self.rawValue }
}

extension Scope {
    /// Parses scope names as the admin API receives them; an unknown name is an
    /// ``KeyStoreError/Code/invalidArgument`` error (which lists the known names but does
    /// not echo the unknown one: it is caller input and errors reach logs).
    public static func parse(_ names: some Sequence<String>) throws(KeyStoreError) -> Set<Scope> {
        var scopes: Set<Scope> = []
        for name in names {
            guard let scope = Scope(name) else {
                throw KeyStoreError(
                    code: .invalidArgument,
                    message: "unknown scope; known scopes: "
                        + Scope.all.map(\.rawValue).joined(separator: ", ")
                )
            }
            scopes.insert(scope)
        }
        return scopes
    }

    /// Scopes as stored in one column: sorted names joined by commas.
    static func encode(_ scopes: Set<Scope>) -> String {
        scopes.sorted().map(\.rawValue).joined(separator: ",")
    }

    /// Scopes read back from a column. Names this build does not know are dropped, so a
    /// key never gains a permission by being read.
    static func decode(_ column: String) -> Set<Scope> {
        Set(column.split(separator: ",").compactMap { Scope(String($0)) })
    }
}
