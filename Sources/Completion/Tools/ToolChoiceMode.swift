/// What a model call must do with tools, resolved from the request's `tool_choice`.
public enum ToolChoiceMode: Hashable, Sendable {
    /// The model decides: answer, or call any offered tool.
    case auto
    /// The model must not call tools.
    case none
    /// At least one call, of any offered tool.
    case required
    /// Only calls of this tool, at least one.
    case tool(String)

    /// Whether a turn without any tool call is allowed.
    var allowsText: Bool {
        switch self {
        case .auto, .none: true
        case .required, .tool: false
        }
    }

    /// Whether a turn may call tools at all.
    var allowsCalls: Bool { self != .none }
}
