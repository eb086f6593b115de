internal import CFlintProto

extension RPCStatus: ProtobufBridged {
    init(reading message: Flint__V1__Status, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            code: StatusCode(rawValue: message.code.rawValue),
            message: try reader.string(message.message, "message"),
            requestID: try reader.string(message.request_id, "request_id"),
            retryAfterMs: message.retry_after_ms,
            details: try reader.messages(
                message.n_details, message.details, "details",
                where: { $0.detail_case != FLINT__V1__STATUS_DETAIL__DETAIL__NOT_SET }))
    }

    func write(to message: inout Flint__V1__Status, in arena: PackArena) {
        message.code = Flint__V1__StatusCode(rawValue: code.rawValue)
        message.message = arena.string(self.message)
        message.request_id = arena.string(requestID)
        message.retry_after_ms = retryAfterMs
        (message.n_details, message.details) = arena.messages(details)
    }
}

extension GoAway: ProtobufBridged {
    init(reading message: Flint__V1__GoAway, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            lastStreamID: message.last_stream_id,
            code: StatusCode(rawValue: message.code.rawValue),
            reason: try reader.string(message.reason, "reason"))
    }

    func write(to message: inout Flint__V1__GoAway, in arena: PackArena) {
        message.last_stream_id = lastStreamID
        message.code = Flint__V1__StatusCode(rawValue: code.rawValue)
        message.reason = arena.string(reason)
    }
}
