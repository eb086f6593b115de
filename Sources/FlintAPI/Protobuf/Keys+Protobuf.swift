internal import CFlintProto

extension Quota: ProtobufBridged {
    init(reading message: Flint__V1__Quota, with reader: ProtobufReader) {
        self.init(
            requestsPerMinute: message.requests_per_minute,
            requestBurst: message.request_burst,
            tokensPerMinute: message.tokens_per_minute,
            tokenBurst: message.token_burst,
            maxConcurrentStreams: message.max_concurrent_streams,
            dailyTokens: message.daily_tokens)
    }

    func write(to message: inout Flint__V1__Quota, in arena: PackArena) {
        message.requests_per_minute = requestsPerMinute
        message.request_burst = requestBurst
        message.tokens_per_minute = tokensPerMinute
        message.token_burst = tokenBurst
        message.max_concurrent_streams = maxConcurrentStreams
        message.daily_tokens = dailyTokens
    }
}

extension KeyInfo: ProtobufBridged {
    init(reading message: Flint__V1__KeyInfo, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            id: try reader.string(message.id, "id"),
            partner: try reader.string(message.partner, "partner"),
            name: try reader.string(message.name, "name"),
            scopes: try reader.strings(message.n_scopes, message.scopes, "scopes"),
            quota: try reader.message(message.quota, "quota"),
            createdAtMs: message.created_at_ms,
            expiresAtMs: message.expires_at_ms,
            revokedAtMs: message.revoked_at_ms,
            lastUsedAtMs: message.last_used_at_ms,
            rotatedFrom: try reader.string(message.rotated_from, "rotated_from"))
    }

    func write(to message: inout Flint__V1__KeyInfo, in arena: PackArena) {
        message.id = arena.string(id)
        message.partner = arena.string(partner)
        message.name = arena.string(name)
        (message.n_scopes, message.scopes) = arena.strings(scopes)
        message.quota = quota.map(arena.message)
        message.created_at_ms = createdAtMs
        message.expires_at_ms = expiresAtMs
        message.revoked_at_ms = revokedAtMs
        message.last_used_at_ms = lastUsedAtMs
        message.rotated_from = arena.string(rotatedFrom)
    }
}

extension IssueKeyRequest: ProtobufBridged {
    init(reading message: Flint__V1__IssueKeyRequest, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            partner: try reader.string(message.partner, "partner"),
            name: try reader.string(message.name, "name"),
            scopes: try reader.strings(message.n_scopes, message.scopes, "scopes"),
            quota: try reader.message(message.quota, "quota"),
            expiresAtMs: message.expires_at_ms)
    }

    func write(to message: inout Flint__V1__IssueKeyRequest, in arena: PackArena) {
        message.partner = arena.string(partner)
        message.name = arena.string(name)
        (message.n_scopes, message.scopes) = arena.strings(scopes)
        message.quota = quota.map(arena.message)
        message.expires_at_ms = expiresAtMs
    }
}

extension IssueKeyResponse: ProtobufBridged {
    init(reading message: Flint__V1__IssueKeyResponse, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            key: try reader.message(message.key, "key"),
            apiKey: try reader.string(message.api_key, "api_key"))
    }

    func write(to message: inout Flint__V1__IssueKeyResponse, in arena: PackArena) {
        message.key = key.map(arena.message)
        message.api_key = arena.string(apiKey)
    }
}

extension ListKeysRequest: ProtobufBridged {
    init(reading message: Flint__V1__ListKeysRequest, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            partner: try reader.string(message.partner, "partner"),
            includeInactive: message.include_inactive != 0,
            pageSize: message.page_size,
            pageToken: try reader.string(message.page_token, "page_token"))
    }

    func write(to message: inout Flint__V1__ListKeysRequest, in arena: PackArena) {
        message.partner = arena.string(partner)
        message.include_inactive = includeInactive ? 1 : 0
        message.page_size = pageSize
        message.page_token = arena.string(pageToken)
    }
}

extension ListKeysResponse: ProtobufBridged {
    init(reading message: Flint__V1__ListKeysResponse, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            keys: try reader.messages(message.n_keys, message.keys, "keys"),
            nextPageToken: try reader.string(message.next_page_token, "next_page_token"))
    }

    func write(to message: inout Flint__V1__ListKeysResponse, in arena: PackArena) {
        (message.n_keys, message.keys) = arena.messages(keys)
        message.next_page_token = arena.string(nextPageToken)
    }
}

extension RevokeKeyRequest: ProtobufBridged {
    init(reading message: Flint__V1__RevokeKeyRequest, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(keyID: try reader.string(message.key_id, "key_id"))
    }

    func write(to message: inout Flint__V1__RevokeKeyRequest, in arena: PackArena) {
        message.key_id = arena.string(keyID)
    }
}

extension RevokeKeyResponse: ProtobufBridged {
    init(reading message: Flint__V1__RevokeKeyResponse, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(key: try reader.message(message.key, "key"))
    }

    func write(to message: inout Flint__V1__RevokeKeyResponse, in arena: PackArena) {
        message.key = key.map(arena.message)
    }
}

extension RotateKeyRequest: ProtobufBridged {
    init(reading message: Flint__V1__RotateKeyRequest, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            keyID: try reader.string(message.key_id, "key_id"),
            gracePeriodSeconds: message.grace_period_seconds)
    }

    func write(to message: inout Flint__V1__RotateKeyRequest, in arena: PackArena) {
        message.key_id = arena.string(keyID)
        message.grace_period_seconds = gracePeriodSeconds
    }
}

extension RotateKeyResponse: ProtobufBridged {
    init(reading message: Flint__V1__RotateKeyResponse, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            key: try reader.message(message.key, "key"),
            apiKey: try reader.string(message.api_key, "api_key"),
            previous: try reader.message(message.previous, "previous"))
    }

    func write(to message: inout Flint__V1__RotateKeyResponse, in arena: PackArena) {
        message.key = key.map(arena.message)
        message.api_key = arena.string(apiKey)
        message.previous = previous.map(arena.message)
    }
}
