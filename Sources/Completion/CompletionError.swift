import ModelServices
import Wire

/// The errors the pipeline ends a call with, in wire terms.
enum CompletionError {
    /// INVALID_ARGUMENT naming the request field.
    static func invalid(_ field: String, _ message: String) -> RPCError {
        RPCError(.invalidArgument, message, details: [.fieldViolation(FieldViolation(field: field, description: message))])
    }

    /// The model kept making tool calls that fail validation until the step limit.
    static func invalidToolCalls(_ problems: [String], steps: UInt32) -> RPCError {
        let summary = problems.prefix(3).joined(separator: "; ")
        return RPCError(
            .internalError,
            "the model made no valid tool call in \(steps) step\(steps == 1 ? "" : "s"): \(summary)",
            details: [.errorInfo(ErrorInfo(reason: "INVALID_TOOL_CALL", metadata: ["steps": "\(steps)"]))])
    }

    /// A model-service failure.
    static func model(_ error: ModelServiceError) -> RPCError {
        switch error.code {
        case .unavailable: RPCError(.unavailable, "the model backend is unavailable: \(error.message)", retryAfterMs: 1000)
        case .deadlineExceeded: RPCError(.deadlineExceeded, "the call's deadline passed while the model was generating")
        case .notFound: RPCError(.notFound, error.message)
        case .invalidRequest: RPCError(.invalidArgument, error.message)
        case .cancelled: RPCError(.cancelled, "the call was cancelled")
        default: RPCError(.internalError, "the model backend answered badly: \(error.message)")
        }
    }
}
