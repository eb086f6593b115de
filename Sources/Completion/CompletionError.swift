import Logging
import ModelServices
import FlintAPI

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

    /// The model's visual steps did not read, although a grammar held it to their shape.
    static func malformedVisualSteps(_ problem: VisualStepFormat.Problem) -> RPCError {
        RPCError(
            .internalError, "the model's visual steps did not read: \(problem)",
            details: [.errorInfo(ErrorInfo(reason: "MALFORMED_VISUAL_STEPS", metadata: [:]))])
    }

    /// A model-service failure, as callers see it: the kind of failure, never the
    /// backend's own text or URLs (those go to the server's log, under the request id).
    static func model(_ error: ModelServiceError) -> RPCError {
        switch error.code {
        case .unavailable: RPCError(.unavailable, "the model backend is unavailable; retry shortly", retryAfterMs: 1000)
        case .deadlineExceeded: RPCError(.deadlineExceeded, "the call's deadline passed while the model was generating")
        case .notFound: RPCError(.notFound, "the model is not served")
        case .invalidRequest: RPCError(.invalidArgument, "the model backend refused the request; the server's log has its reason under this request id")
        case .cancelled: RPCError(.cancelled, "the call was cancelled")
        default: RPCError(.internalError, "the model backend answered badly; the server's log has the details under this request id")
        }
    }

    /// Logs a model-service failure with its detail, for operators.
    static func log(_ error: ModelServiceError, model: String, to logger: Logger) {
        logger.warning(
            "the model backend failed",
            metadata: ["model.name": "\(model)", "error.code": "\(error.code)", "error.message": "\(error.message)"])
    }
}
