import ModelServices
import FlintAPI

/// Model-service stop reasons in wire terms.
enum ModelStopMapping {
    static func stopReason(_ reason: ModelStopReason) -> StopReason {
        switch reason {
        case .end, .toolCalls: .endTurn
        case .maxTokens: .maxTokens
        case .stopSequence: .stopSequence
        case .cancelled: .unspecified
        }
    }
}
