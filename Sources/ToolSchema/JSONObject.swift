/// A JSON object: members in source order, keys unique.
///
/// Equality compares members in order; use ``JSONValue/isJSONEqual(to:)`` for order-insensitive comparison.
public struct JSONObject: Sendable, Hashable {
    /// The members, in source (or insertion) order.
    public private(set) var members: [(key: String, value: JSONValue)]
    private var index: [String: Int]

    /// An empty object.
    public init() {
        members = []
        index = [:]
    }

    /// An object with these members, or `nil` if a key repeats.
    public init?(members: [(key: String, value: JSONValue)]) {
        self.init()
        for member in members {
            guard index[member.key] == nil else { return nil }
            index[member.key] = self.members.count
            self.members.append(member)
        }
    }

    /// The keys, in order.
    public var keys: [String] { members.map(\.key) }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The value for `key`; setting `nil` removes the member, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get { index[key].map { members[$0].value } }
        set {
            if let position = index[key] {
                if let newValue {
                    members[position].value = newValue
                } else {
                    remove(at: position)
                }
            } else if let newValue {
                index[key] = members.count
                members.append((key: key, value: newValue))
            }
        }
    }

    /// Adds a member, or returns `false` (changing nothing) if the key is already present.
    public mutating func insertNew(key: String, value: JSONValue) -> Bool {
        guard index[key] == nil else { return false }
        self[key] = value
        return true
    }

    private mutating func remove(at position: Int) {
        members.remove(at: position)
        index = [:]
        for (offset, member) in members.enumerated() {
            index[member.key] = offset
        }
    }

    /// Members equal in the same order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// Hashes the members in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for member in members {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }
}
