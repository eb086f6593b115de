internal import CFlintProto

extension Subtask: ProtobufBridged {
    init(reading message: Flint__V1__Subtask, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            id: try reader.string(message.id, "id"),
            description: try reader.string(message.description, "description"),
            dependsOn: try reader.strings(message.n_depends_on, message.depends_on, "depends_on"))
    }

    func write(to message: inout Flint__V1__Subtask, in arena: PackArena) {
        message.id = arena.string(id)
        message.description = arena.string(description)
        (message.n_depends_on, message.depends_on) = arena.strings(dependsOn)
    }
}
