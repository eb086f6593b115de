import Foundation
import Completion
import ModelServices
import FlintAPI

/// Checks RunRequests into ``PreparedRun``s. Every refusal is INVALID_ARGUMENT naming the
/// field (NOT_FOUND for the model); the server tools and images are checked by the
/// completion pipeline, with the same rules a sub-agent's call meets.
public struct RunPreparation: Sendable {
    public let pipeline: CompletionPipeline
    public let limits: AgentRunLimits

    public init(pipeline: CompletionPipeline, limits: AgentRunLimits) {
        self.pipeline = pipeline
        self.limits = limits
    }

    public func prepare(_ request: RunRequest) throws(RPCError) -> PreparedRun {
        guard !request.goal.isEmpty else { throw Self.invalid("goal", "goal must not be empty") }
        guard request.goal.utf8.count <= limits.maxGoalBytes else {
            throw Self.invalid("goal", "goal is at most \(limits.maxGoalBytes) bytes, not \(request.goal.utf8.count)")
        }
        let model = try pipeline.preparation.model(named: request.model)
        // The coordinator plans by calling a tool.
        guard model.toolCalling != .none else {
            throw Self.invalid("model", "\(model.name) takes no tools, so it cannot plan a run; ListModels says which models do")
        }
        guard request.images.count <= limits.maxImages else {
            throw Self.invalid("images", "at most \(limits.maxImages) images, not \(request.images.count)")
        }
        try probe(request)
        let wallMs = try Self.bounded(
            UInt64(request.maxWallMs), "max_wall_ms", default: Self.milliseconds(limits.defaultMaxWall), cap: Self.milliseconds(limits.maxWallCap))
        return PreparedRun(
            goal: request.goal, model: model, serverTools: request.serverTools, images: request.images,
            tokenBudget: try Self.bounded(request.tokenBudget, "token_budget", default: limits.defaultTokenBudget, cap: limits.maxTokenBudget),
            maxSubAgents: Int(try Self.bounded(UInt64(request.maxSubAgents), "max_sub_agents", default: UInt64(limits.defaultMaxSubAgents), cap: UInt64(limits.maxSubAgentsCap))),
            maxSubtasks: Int(try Self.bounded(UInt64(request.maxSubtasks), "max_subtasks", default: UInt64(limits.defaultMaxSubtasks), cap: UInt64(limits.maxSubtasksCap))),
            maxModelCalls: UInt32(
                try Self.bounded(UInt64(request.maxModelCalls), "max_model_calls", default: UInt64(limits.defaultMaxModelCalls), cap: UInt64(limits.maxModelCallsCap))),
            maxToolCalls: UInt32(
                try Self.bounded(UInt64(request.maxToolCalls), "max_tool_calls", default: UInt64(limits.defaultMaxToolCalls), cap: UInt64(limits.maxToolCallsCap))),
            maxWall: .milliseconds(Int64(wallMs)))
    }

    /// The server tools and images as a sub-agent's call would carry them, through the
    /// pipeline's own checks; a refused image part is reported as `images[i]`.
    @discardableResult
    private func probe(_ request: RunRequest) throws(RPCError) -> PreparedCompletion {
        do {
            return try pipeline.prepare(Self.probeRequest(request))
        } catch {
            throw Self.renamingImageFields(error)
        }
    }

    /// Decodes the run's images as the pipeline does for a completion, before any token is
    /// reserved; a refusal names `images[i]`.
    func checkImageData(_ request: RunRequest) async throws(RPCError) {
        guard !request.images.isEmpty else { return }
        let prepared = try probe(request)
        do {
            try await pipeline.checkImageData(prepared)
        } catch {
            throw Self.renamingImageFields(error)
        }
    }

    private static func probeRequest(_ request: RunRequest) -> CompleteRequest {
        let parts: [ContentPart] = [.text(TextPart(text: request.goal))] + request.images.map { .image($0) }
        return CompleteRequest(model: request.model, messages: [Message(role: .user, parts: parts)], serverTools: request.serverTools)
    }

    /// `messages[0].parts[k]…` (k ≥ 1: the images follow the goal's text part) as `images[k-1]…`
    /// (the part's `.image` is the RunRequest's image itself), in the field and the message.
    static func renamingImageFields(_ error: RPCError) -> RPCError {
        var renamed = error
        renamed.details = error.details.map { detail in
            guard case .fieldViolation(var violation) = detail, let field = imageField(violation.field) else { return detail }
            renamed.message = renamed.message.replacingOccurrences(of: violation.field, with: field)
            violation.description = violation.description.replacingOccurrences(of: violation.field, with: field)
            violation.field = field
            return .fieldViolation(violation)
        }
        return renamed
    }

    private static func imageField(_ field: String) -> String? {
        let prefix = "messages[0].parts["
        guard field.hasPrefix(prefix) else { return nil }
        let rest = field.dropFirst(prefix.count)
        guard let close = rest.firstIndex(of: "]"), let index = Int(rest[..<close]), index >= 1 else { return nil }
        var tail = rest[rest.index(after: close)...]
        if tail.hasPrefix(".image") { tail = tail.dropFirst(".image".count) }
        return "images[\(index - 1)]" + tail
    }

    private static func bounded(_ value: UInt64, _ field: String, default fallback: UInt64, cap: UInt64) throws(RPCError) -> UInt64 {
        guard value <= cap else { throw invalid(field, "\(field) must be at most \(cap) (0 means \(fallback))") }
        return value == 0 ? fallback : value
    }

    static func milliseconds(_ duration: Duration) -> UInt64 {
        UInt64(max(0, duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000))
    }

    static func invalid(_ field: String, _ message: String) -> RPCError {
        RPCError(.invalidArgument, message, details: [.fieldViolation(FieldViolation(field: field, description: message))])
    }
}
