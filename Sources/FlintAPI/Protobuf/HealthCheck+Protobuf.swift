internal import CFlintProto

extension HealthCheckRequest: ProtobufBridged {
    init(reading message: Flint__V1__HealthCheckRequest, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(service: try reader.string(message.service, "service"))
    }

    func write(to message: inout Flint__V1__HealthCheckRequest, in arena: PackArena) {
        message.service = arena.string(service)
    }
}

extension HealthCheckResponse: ProtobufBridged {
    init(reading message: Flint__V1__HealthCheckResponse, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            status: ServingStatus(rawValue: message.status.rawValue),
            serverVersion: try reader.string(message.server_version, "server_version"))
    }

    func write(to message: inout Flint__V1__HealthCheckResponse, in arena: PackArena) {
        message.status = Flint__V1__HealthCheckResponse__ServingStatus(rawValue: status.rawValue)
        message.server_version = arena.string(serverVersion)
    }
}
