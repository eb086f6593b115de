internal import CFlintProto

extension RequestHeaders: ProtobufBridged {
    init(reading message: Flint__V1__RequestHeaders, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            method: try reader.string(message.method, "method"),
            authorization: try reader.string(message.authorization, "authorization"),
            requestID: try reader.string(message.request_id, "request_id"),
            timeoutMs: message.timeout_ms,
            idempotencyKey: try reader.string(message.idempotency_key, "idempotency_key"),
            userAgent: try reader.string(message.user_agent, "user_agent"),
            metadata: try reader.map(message.n_metadata, message.metadata, "metadata"))
    }

    func write(to message: inout Flint__V1__RequestHeaders, in arena: PackArena) {
        message.method = arena.string(method)
        message.authorization = arena.string(authorization)
        message.request_id = arena.string(requestID)
        message.timeout_ms = timeoutMs
        message.idempotency_key = arena.string(idempotencyKey)
        message.user_agent = arena.string(userAgent)
        (message.n_metadata, message.metadata) = arena.map(
            metadata, as: Flint__V1__RequestHeaders__MetadataEntry.self)
    }
}
