/// One turn of the conversation (proto `flint.v1.Message`).
public struct Message: Sendable, Equatable {
    /// Who wrote this turn.
    public var role: Role
    /// The turn's content, in order. At least one part. Decoding drops parts of kinds this
    /// build does not know.
    public var parts: [ContentPart]

    public init(role: Role = .unspecified, parts: [ContentPart] = []) {
        self.role = role
        self.parts = parts
    }
}

/// Who wrote a message of the conversation (proto enum `flint.v1.Role`; open, like every
/// proto enum here: unknown values survive a round trip).
public struct Role: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Not set: rejected with INVALID_ARGUMENT.
    public static let unspecified = Role(rawValue: 0)
    /// The caller: prompts, images, and results of client tools (tool result parts).
    public static let user = Role(rawValue: 1)
    /// The model: earlier answers, reasoning and tool calls, sent back to continue a
    /// conversation.
    public static let assistant = Role(rawValue: 2)
}
