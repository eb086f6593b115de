internal import CFlintProto

extension GetUsageRequest: ProtobufBridged {
    init(reading message: Flint__V1__GetUsageRequest, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            partner: try reader.string(message.partner, "partner"),
            sinceMs: message.since_ms,
            untilMs: message.until_ms,
            groupBy: reader.enums(message.n_group_by, message.group_by),
            keyID: try reader.string(message.key_id, "key_id"))
    }

    func write(to message: inout Flint__V1__GetUsageRequest, in arena: PackArena) {
        message.partner = arena.string(partner)
        message.since_ms = sinceMs
        message.until_ms = untilMs
        (message.n_group_by, message.group_by) = arena.enums(groupBy)
        message.key_id = arena.string(keyID)
    }
}

extension UsageGroupBy: CustomStringConvertible, ProtobufEnumBridged {
    typealias CEnum = Flint__V1__UsageGroupBy
    static var enumDescriptor: ProtobufCEnumDescriptor { flint__v1__usage_group_by__descriptor }
}

extension GetUsageResponse: ProtobufBridged {
    init(reading message: Flint__V1__GetUsageResponse, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            rows: try reader.messages(message.n_rows, message.rows, "rows"),
            completeUntilMs: message.complete_until_ms)
    }

    func write(to message: inout Flint__V1__GetUsageResponse, in arena: PackArena) {
        (message.n_rows, message.rows) = arena.messages(rows)
        message.complete_until_ms = completeUntilMs
    }
}

extension UsageRow: ProtobufBridged {
    init(reading message: Flint__V1__UsageRow, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            dayStartMs: message.day_start_ms,
            model: try reader.string(message.model, "model"),
            keyID: try reader.string(message.key_id, "key_id"),
            partner: try reader.string(message.partner, "partner"),
            method: try reader.string(message.method, "method"),
            requests: message.requests,
            failedRequests: message.failed_requests,
            inputTokens: message.input_tokens,
            outputTokens: message.output_tokens,
            runID: try reader.string(message.run_id, "run_id"),
            runPart: try reader.string(message.run_part, "run_part"))
    }

    func write(to message: inout Flint__V1__UsageRow, in arena: PackArena) {
        message.day_start_ms = dayStartMs
        message.model = arena.string(model)
        message.key_id = arena.string(keyID)
        message.partner = arena.string(partner)
        message.method = arena.string(method)
        message.requests = requests
        message.failed_requests = failedRequests
        message.input_tokens = inputTokens
        message.output_tokens = outputTokens
        message.run_id = arena.string(runID)
        message.run_part = arena.string(runPart)
    }
}
