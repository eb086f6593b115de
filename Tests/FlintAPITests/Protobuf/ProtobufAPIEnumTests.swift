import Testing
import FlintAPI

@Suite struct ProtobufAPIEnumTests {
    @Test("the API's open enums carry the proto numbers and describe themselves by proto name")
    func names() {
        let values: [(any RawRepresentable & CustomStringConvertible, UInt32, String)] = [
            (Role.unspecified, 0, "ROLE_UNSPECIFIED"), (Role.user, 1, "ROLE_USER"),
            (Role.assistant, 2, "ROLE_ASSISTANT"),
            (ToolChoice.Mode.unspecified, 0, "MODE_UNSPECIFIED"), (ToolChoice.Mode.auto, 1, "MODE_AUTO"),
            (ToolChoice.Mode.none, 2, "MODE_NONE"), (ToolChoice.Mode.required, 3, "MODE_REQUIRED"),
            (ToolChoice.Mode.tool, 4, "MODE_TOOL"),
            (StopReason.unspecified, 0, "STOP_REASON_UNSPECIFIED"),
            (StopReason.endTurn, 1, "STOP_REASON_END_TURN"),
            (StopReason.maxTokens, 2, "STOP_REASON_MAX_TOKENS"),
            (StopReason.stopSequence, 3, "STOP_REASON_STOP_SEQUENCE"),
            (StopReason.toolUse, 4, "STOP_REASON_TOOL_USE"),
            (StopReason.toolStepLimit, 5, "STOP_REASON_TOOL_STEP_LIMIT"),
            (SubtaskOutcome.unspecified, 0, "SUBTASK_OUTCOME_UNSPECIFIED"),
            (SubtaskOutcome.succeeded, 1, "SUBTASK_OUTCOME_SUCCEEDED"),
            (SubtaskOutcome.failed, 2, "SUBTASK_OUTCOME_FAILED"),
            (SubtaskOutcome.budgetExhausted, 3, "SUBTASK_OUTCOME_BUDGET_EXHAUSTED"),
            (SubtaskOutcome.cancelled, 4, "SUBTASK_OUTCOME_CANCELLED"),
            (UsageGroupBy.unspecified, 0, "USAGE_GROUP_BY_UNSPECIFIED"),
            (UsageGroupBy.day, 1, "USAGE_GROUP_BY_DAY"), (UsageGroupBy.model, 2, "USAGE_GROUP_BY_MODEL"),
            (UsageGroupBy.key, 3, "USAGE_GROUP_BY_KEY"), (UsageGroupBy.partner, 4, "USAGE_GROUP_BY_PARTNER"),
            (UsageGroupBy.method, 5, "USAGE_GROUP_BY_METHOD"),
        ]
        for (value, raw, name) in values {
            #expect(value.rawValue as? UInt32 == raw, "\(name)")
            #expect(value.description == name)
        }
    }

    @Test("unknown values describe themselves by type and number")
    func unknownNames() {
        #expect(Role(rawValue: 9).description == "Role(9)")
        #expect(ToolChoice.Mode(rawValue: 9).description == "Mode(9)")
        #expect(StopReason(rawValue: 6).description == "StopReason(6)")
        #expect(SubtaskOutcome(rawValue: 5).description == "SubtaskOutcome(5)")
        #expect(UsageGroupBy(rawValue: .max).description == "UsageGroupBy(4294967295)")
    }
}
