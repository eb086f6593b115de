internal import CFlintProto

extension ImagePart: ProtobufBridged {
    init(reading message: Flint__V1__ImagePart, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            data: reader.bytes(message.data),
            mediaType: try reader.string(message.media_type, "media_type"))
    }

    func write(to message: inout Flint__V1__ImagePart, in arena: PackArena) {
        message.data = arena.bytes(data)
        message.media_type = arena.string(mediaType)
    }
}
