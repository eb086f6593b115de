import FlintAPI

/// Folds a completion's output into the content parts Complete returns: concatenating
/// the events by part index, exactly as a StreamComplete client rebuilds them.
public struct CompletionContent: Sendable {
    public private(set) var parts: [ContentPart] = []

    public init() {}

    public mutating func add(_ output: CompletionOutput) {
        switch output {
        case .textDelta(let index, let text):
            if Int(index) < parts.count, case .text(let part) = parts[Int(index)] {
                parts[Int(index)] = .text(TextPart(text: part.text + text))
            } else {
                parts.append(.text(TextPart(text: text)))
            }
        case .reasoningDelta(let index, let text):
            if Int(index) < parts.count, case .reasoning(let part) = parts[Int(index)] {
                parts[Int(index)] = .reasoning(ReasoningPart(text: part.text + text))
            } else {
                parts.append(.reasoning(ReasoningPart(text: text)))
            }
        case .toolCall(_, let call):
            parts.append(.toolCall(call))
        case .toolResult(_, let result):
            parts.append(.toolResult(result))
        case .observation(_, let observation):
            parts.append(.observation(observation))
        case .reasoningStep(_, let step):
            parts.append(.reasoningStep(step))
        }
    }
}
