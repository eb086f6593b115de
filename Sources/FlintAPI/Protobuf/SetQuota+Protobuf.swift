internal import CFlintProto

extension SetQuotaRequest: ProtobufBridged {
    init(reading message: Flint__V1__SetQuotaRequest, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            target: try Target(reading: message, with: reader),
            quota: try reader.message(message.quota, "quota"))
    }

    func write(to message: inout Flint__V1__SetQuotaRequest, in arena: PackArena) {
        target?.write(to: &message, in: arena)
        message.quota = quota.map(arena.message)
    }
}

extension SetQuotaRequest.Target {
    /// nil when the oneof is unset or of a kind this build does not know.
    fileprivate init?(reading message: Flint__V1__SetQuotaRequest, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        switch message.target_case {
        case FLINT__V1__SET_QUOTA_REQUEST__TARGET_KEY_ID:
            self = .keyID(try reader.string(message.key_id, "key_id"))
        case FLINT__V1__SET_QUOTA_REQUEST__TARGET_PARTNER:
            self = .partner(try reader.string(message.partner, "partner"))
        default:
            return nil
        }
    }

    fileprivate func write(to message: inout Flint__V1__SetQuotaRequest, in arena: PackArena) {
        switch self {
        case .keyID(let value):
            message.target_case = FLINT__V1__SET_QUOTA_REQUEST__TARGET_KEY_ID
            message.key_id = arena.string(value)
        case .partner(let value):
            message.target_case = FLINT__V1__SET_QUOTA_REQUEST__TARGET_PARTNER
            message.partner = arena.string(value)
        }
    }
}

extension SetQuotaResponse: ProtobufBridged {
    init(reading message: Flint__V1__SetQuotaResponse, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            quota: try reader.message(message.quota, "quota"),
            effective: try reader.message(message.effective, "effective"))
    }

    func write(to message: inout Flint__V1__SetQuotaResponse, in arena: PackArena) {
        message.quota = quota.map(arena.message)
        message.effective = effective.map(arena.message)
    }
}
