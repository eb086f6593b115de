/// One turn of the conversation (proto `flint.v1.Message`).
public struct Message: Sendable, Equatable {
    /// Who wrote this turn.
    public var role: Role
    /// The turn's content, in order. At least one part. Decoding leaves out parts of kinds
    /// this build does not know, and counts them in `unknownPartCount`.
    public var parts: [ContentPart]
    /// Parts of kinds this build does not know, left out of `parts` by decoding (not on the
    /// wire), so a server can refuse them instead of dropping them unseen.
    public var unknownPartCount: Int

    public init(role: Role = .unspecified, parts: [ContentPart] = [], unknownPartCount: Int = 0) {
        self.role = role
        self.parts = parts
        self.unknownPartCount = unknownPartCount
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
