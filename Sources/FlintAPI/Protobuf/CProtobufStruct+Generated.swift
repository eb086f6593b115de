internal import CFlintProto

// The protoc-c structs bridged so far, each naming its generated *__init(). Bridging
// another message starts with its conformance here.

extension Flint__V1__Settings: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__settings__init(message)
    }
}

extension Flint__V1__RequestHeaders: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__request_headers__init(message)
    }
}

extension Flint__V1__RequestHeaders__MetadataEntry: CStringMapEntry {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__request_headers__metadata_entry__init(message)
    }
}

extension Flint__V1__RateLimitState: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__rate_limit_state__init(message)
    }
}

extension Flint__V1__ResponseHeaders: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__response_headers__init(message)
    }
}

extension Flint__V1__ResponseHeaders__MetadataEntry: CStringMapEntry {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__response_headers__metadata_entry__init(message)
    }
}

extension Flint__V1__QuotaFailure: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__quota_failure__init(message)
    }
}

extension Flint__V1__FieldViolation: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__field_violation__init(message)
    }
}

extension Flint__V1__ErrorInfo: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__error_info__init(message)
    }
}

extension Flint__V1__ErrorInfo__MetadataEntry: CStringMapEntry {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__error_info__metadata_entry__init(message)
    }
}

extension Flint__V1__StatusDetail: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__status_detail__init(message)
    }
}

extension Flint__V1__Status: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__status__init(message)
    }
}

extension Flint__V1__GoAway: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__go_away__init(message)
    }
}

extension Flint__V1__HealthCheckRequest: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__health_check_request__init(message)
    }
}

extension Flint__V1__HealthCheckResponse: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__health_check_response__init(message)
    }
}

extension Flint__V1__ImagePart: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__image_part__init(message)
    }
}

extension Flint__V1__Subtask: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__subtask__init(message)
    }
}

// MARK: inference.proto

extension Flint__V1__Box: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__box__init(message)
    }
}

extension Flint__V1__Observation: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__observation__init(message)
    }
}

extension Flint__V1__RegionRef: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__region_ref__init(message)
    }
}

extension Flint__V1__ReasoningStep: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__reasoning_step__init(message)
    }
}

extension Flint__V1__TextPart: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__text_part__init(message)
    }
}

extension Flint__V1__ToolCall: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__tool_call__init(message)
    }
}

extension Flint__V1__ToolResultPart: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__tool_result_part__init(message)
    }
}

extension Flint__V1__ToolResult: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__tool_result__init(message)
    }
}

extension Flint__V1__ReasoningPart: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__reasoning_part__init(message)
    }
}

extension Flint__V1__ContentPart: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__content_part__init(message)
    }
}

extension Flint__V1__Message: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__message__init(message)
    }
}

extension Flint__V1__ToolDefinition: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__tool_definition__init(message)
    }
}

extension Flint__V1__ToolChoice: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__tool_choice__init(message)
    }
}

extension Flint__V1__ReasoningOptions: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__reasoning_options__init(message)
    }
}

extension Flint__V1__CompleteRequest: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__complete_request__init(message)
    }
}

extension Flint__V1__Usage: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__usage__init(message)
    }
}

extension Flint__V1__CompleteResponse: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__complete_response__init(message)
    }
}

extension Flint__V1__TextDelta: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__text_delta__init(message)
    }
}

extension Flint__V1__ReasoningDelta: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__reasoning_delta__init(message)
    }
}

extension Flint__V1__Stop: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__stop__init(message)
    }
}

extension Flint__V1__CompletionEvent: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__completion_event__init(message)
    }
}

extension Flint__V1__CountTokensRequest: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__count_tokens_request__init(message)
    }
}

extension Flint__V1__CountTokensResponse: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__count_tokens_response__init(message)
    }
}

extension Flint__V1__ListModelsRequest: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__list_models_request__init(message)
    }
}

extension Flint__V1__ModelCapabilities: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__model_capabilities__init(message)
    }
}

extension Flint__V1__ModelInfo: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__model_info__init(message)
    }
}

extension Flint__V1__ImageSupport: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__image_support__init(message)
    }
}

extension Flint__V1__ListModelsResponse: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__list_models_response__init(message)
    }
}

extension Flint__V1__ToolLoopOptions: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__tool_loop_options__init(message)
    }
}

extension Flint__V1__ListToolsRequest: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__list_tools_request__init(message)
    }
}

extension Flint__V1__ListToolsResponse: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__list_tools_response__init(message)
    }
}

extension Flint__V1__ServerToolInfo: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__server_tool_info__init(message)
    }
}

extension Flint__V1__Role: CProtobufEnum {}
extension Flint__V1__ToolCalling: CProtobufEnum {}
extension Flint__V1__ImageInput: CProtobufEnum {}
extension Flint__V1__ToolChoice__Mode: CProtobufEnum {}
extension Flint__V1__StopReason: CProtobufEnum {}

// MARK: agents.proto

extension Flint__V1__RunRequest: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__run_request__init(message)
    }
}

extension Flint__V1__BudgetUpdate: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__budget_update__init(message)
    }
}

extension Flint__V1__Plan: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__plan__init(message)
    }
}

extension Flint__V1__SubtaskStarted: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__subtask_started__init(message)
    }
}

extension Flint__V1__SubtaskDelta: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__subtask_delta__init(message)
    }
}

extension Flint__V1__SubtaskFinished: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__subtask_finished__init(message)
    }
}

extension Flint__V1__FinalAnswer: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__final_answer__init(message)
    }
}

extension Flint__V1__AgentEvent: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__agent_event__init(message)
    }
}

extension Flint__V1__SubtaskOutcome: CProtobufEnum {}

// MARK: admin.proto

extension Flint__V1__Quota: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__quota__init(message)
    }
}

extension Flint__V1__KeyInfo: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__key_info__init(message)
    }
}

extension Flint__V1__IssueKeyRequest: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__issue_key_request__init(message)
    }
}

extension Flint__V1__IssueKeyResponse: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__issue_key_response__init(message)
    }
}

extension Flint__V1__ListKeysRequest: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__list_keys_request__init(message)
    }
}

extension Flint__V1__ListKeysResponse: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__list_keys_response__init(message)
    }
}

extension Flint__V1__RevokeKeyRequest: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__revoke_key_request__init(message)
    }
}

extension Flint__V1__RevokeKeyResponse: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__revoke_key_response__init(message)
    }
}

extension Flint__V1__RotateKeyRequest: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__rotate_key_request__init(message)
    }
}

extension Flint__V1__RotateKeyResponse: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__rotate_key_response__init(message)
    }
}

extension Flint__V1__SetQuotaRequest: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__set_quota_request__init(message)
    }
}

extension Flint__V1__SetQuotaResponse: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__set_quota_response__init(message)
    }
}

extension Flint__V1__GetUsageRequest: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__get_usage_request__init(message)
    }
}

extension Flint__V1__UsageRow: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__usage_row__init(message)
    }
}

extension Flint__V1__GetUsageResponse: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__get_usage_response__init(message)
    }
}

extension Flint__V1__UsageGroupBy: CProtobufEnum {}

// MARK: documents.proto

extension Flint__V1__PutDocumentRequest: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__put_document_request__init(message)
    }
}

extension Flint__V1__PutDocumentResponse: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__put_document_response__init(message)
    }
}

extension Flint__V1__DeleteDocumentRequest: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__delete_document_request__init(message)
    }
}

extension Flint__V1__DeleteDocumentResponse: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__delete_document_response__init(message)
    }
}

extension Flint__V1__ListDocumentsRequest: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__list_documents_request__init(message)
    }
}

extension Flint__V1__DocumentInfo: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__document_info__init(message)
    }
}

extension Flint__V1__ListDocumentsResponse: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__list_documents_response__init(message)
    }
}

extension Flint__V1__SearchDocumentsRequest: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__search_documents_request__init(message)
    }
}

extension Flint__V1__SearchHit: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__search_hit__init(message)
    }
}

extension Flint__V1__SearchDocumentsResponse: CProtobufStruct {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__search_documents_response__init(message)
    }
}

extension Flint__V1__PutDocumentRequest__MetadataEntry: CStringMapEntry {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__put_document_request__metadata_entry__init(message)
    }
}

extension Flint__V1__DocumentInfo__MetadataEntry: CStringMapEntry {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__document_info__metadata_entry__init(message)
    }
}

extension Flint__V1__SearchHit__MetadataEntry: CStringMapEntry {
    static func initialize(_ message: UnsafeMutablePointer<Self>) {
        flint__v1__search_hit__metadata_entry__init(message)
    }
}
