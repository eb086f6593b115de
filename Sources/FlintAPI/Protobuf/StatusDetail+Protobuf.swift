internal import CFlintProto

extension StatusDetail: ProtobufBridged {
    /// Throws `.unknownOneof` for a detail of a kind this build does not know;
    /// `RPCStatus` skips those instead.
    init(reading message: Flint__V1__StatusDetail, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        switch message.detail_case {
        case FLINT__V1__STATUS_DETAIL__DETAIL_QUOTA_FAILURE:
            self = .quotaFailure(try reader.oneofMessage(message.quota_failure, "quota_failure"))
        case FLINT__V1__STATUS_DETAIL__DETAIL_FIELD_VIOLATION:
            self = .fieldViolation(
                try reader.oneofMessage(message.field_violation, "field_violation"))
        case FLINT__V1__STATUS_DETAIL__DETAIL_ERROR_INFO:
            self = .errorInfo(try reader.oneofMessage(message.error_info, "error_info"))
        default:
            throw reader.error(.unknownOneof, field: "detail", "is unset or of an unknown kind")
        }
    }

    func write(to message: inout Flint__V1__StatusDetail, in arena: PackArena) {
        switch self {
        case .quotaFailure(let value):
            message.detail_case = FLINT__V1__STATUS_DETAIL__DETAIL_QUOTA_FAILURE
            message.quota_failure = arena.message(value)
        case .fieldViolation(let value):
            message.detail_case = FLINT__V1__STATUS_DETAIL__DETAIL_FIELD_VIOLATION
            message.field_violation = arena.message(value)
        case .errorInfo(let value):
            message.detail_case = FLINT__V1__STATUS_DETAIL__DETAIL_ERROR_INFO
            message.error_info = arena.message(value)
        }
    }
}

extension QuotaFailure: ProtobufBridged {
    init(reading message: Flint__V1__QuotaFailure, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            scope: QuotaScope(rawValue: message.scope.rawValue),
            limit: QuotaLimit(rawValue: message.limit.rawValue),
            limitValue: message.limit_value,
            retryable: message.retryable != 0)
    }

    func write(to message: inout Flint__V1__QuotaFailure, in arena: PackArena) {
        message.scope = Flint__V1__QuotaScope(rawValue: scope.rawValue)
        message.limit = Flint__V1__QuotaLimit(rawValue: limit.rawValue)
        message.limit_value = limitValue
        message.retryable = retryable ? 1 : 0
    }
}

extension FieldViolation: ProtobufBridged {
    init(reading message: Flint__V1__FieldViolation, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            field: try reader.string(message.field, "field"),
            description: try reader.string(message.description, "description"))
    }

    func write(to message: inout Flint__V1__FieldViolation, in arena: PackArena) {
        message.field = arena.string(field)
        message.description = arena.string(description)
    }
}

extension ErrorInfo: ProtobufBridged {
    init(reading message: Flint__V1__ErrorInfo, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            reason: try reader.string(message.reason, "reason"),
            metadata: try reader.map(message.n_metadata, message.metadata, "metadata"))
    }

    func write(to message: inout Flint__V1__ErrorInfo, in arena: PackArena) {
        message.reason = arena.string(reason)
        (message.n_metadata, message.metadata) = arena.map(
            metadata, as: Flint__V1__ErrorInfo__MetadataEntry.self)
    }
}
