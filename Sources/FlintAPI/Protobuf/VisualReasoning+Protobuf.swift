internal import CFlintProto

extension Box: ProtobufBridged {
    init(reading message: Flint__V1__Box, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(x0: message.x0, y0: message.y0, x1: message.x1, y1: message.y1)
    }

    func write(to message: inout Flint__V1__Box, in arena: PackArena) {
        message.x0 = x0
        message.y0 = y0
        message.x1 = x1
        message.y1 = y1
    }
}

extension Observation: ProtobufBridged {
    init(reading message: Flint__V1__Observation, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            id: try reader.string(message.id, "id"), imageIndex: message.image_index, box: try reader.message(message.box, "box"),
            text: try reader.string(message.text, "text"), confidence: message.confidence, source: try reader.string(message.source, "source"))
    }

    func write(to message: inout Flint__V1__Observation, in arena: PackArena) {
        message.id = arena.string(id)
        message.image_index = imageIndex
        message.box = box.map(arena.message)
        message.text = arena.string(text)
        message.confidence = confidence
        message.source = arena.string(source)
    }
}

extension RegionRef: ProtobufBridged {
    init(reading message: Flint__V1__RegionRef, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            observationID: try reader.string(message.observation_id, "observation_id"), imageIndex: message.image_index,
            box: try reader.message(message.box, "box"))
    }

    func write(to message: inout Flint__V1__RegionRef, in arena: PackArena) {
        message.observation_id = arena.string(observationID)
        message.image_index = imageIndex
        message.box = box.map(arena.message)
    }
}

extension ReasoningStep: ProtobufBridged {
    init(reading message: Flint__V1__ReasoningStep, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(index: message.index, text: try reader.string(message.text, "text"), refs: try reader.messages(message.n_refs, message.refs, "refs"))
    }

    func write(to message: inout Flint__V1__ReasoningStep, in arena: PackArena) {
        message.index = index
        message.text = arena.string(text)
        (message.n_refs, message.refs) = arena.messages(refs)
    }
}
