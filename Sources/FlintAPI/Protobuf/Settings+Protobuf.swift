internal import CFlintProto

extension Settings: ProtobufBridged {
    init(reading message: Flint__V1__Settings, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            maxFrameSize: message.max_frame_size,
            maxConcurrentStreams: message.max_concurrent_streams,
            serverVersion: try reader.string(message.server_version, "server_version"),
            clientVersion: try reader.string(message.client_version, "client_version"))
    }

    func write(to message: inout Flint__V1__Settings, in arena: PackArena) {
        message.max_frame_size = maxFrameSize
        message.max_concurrent_streams = maxConcurrentStreams
        message.server_version = arena.string(serverVersion)
        message.client_version = arena.string(clientVersion)
    }
}
