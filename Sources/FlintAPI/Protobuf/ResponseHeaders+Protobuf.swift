internal import CFlintProto

extension ResponseHeaders: ProtobufBridged {
    init(reading message: Flint__V1__ResponseHeaders, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            requestID: try reader.string(message.request_id, "request_id"),
            requests: try reader.message(message.requests, "requests"),
            tokens: try reader.message(message.tokens, "tokens"),
            metadata: try reader.map(message.n_metadata, message.metadata, "metadata"))
    }

    func write(to message: inout Flint__V1__ResponseHeaders, in arena: PackArena) {
        message.request_id = arena.string(requestID)
        message.requests = requests.map(arena.message)
        message.tokens = tokens.map(arena.message)
        (message.n_metadata, message.metadata) = arena.map(
            metadata, as: Flint__V1__ResponseHeaders__MetadataEntry.self)
    }
}

extension RateLimitState: ProtobufBridged {
    init(reading message: Flint__V1__RateLimitState, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(limit: message.limit, remaining: message.remaining, resetMs: message.reset_ms)
    }

    func write(to message: inout Flint__V1__RateLimitState, in arena: PackArena) {
        message.limit = limit
        message.remaining = remaining
        message.reset_ms = resetMs
    }
}
