internal import CFlintProto

extension ListModelsRequest: ProtobufBridged {
    init(reading message: Flint__V1__ListModelsRequest, with reader: ProtobufReader) {
        self.init()
    }

    func write(to message: inout Flint__V1__ListModelsRequest, in arena: PackArena) {}
}

extension ListModelsResponse: ProtobufBridged {
    init(reading message: Flint__V1__ListModelsResponse, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(models: try reader.messages(message.n_models, message.models, "models"))
    }

    func write(to message: inout Flint__V1__ListModelsResponse, in arena: PackArena) {
        (message.n_models, message.models) = arena.messages(models)
    }
}

extension ModelInfo: ProtobufBridged {
    init(reading message: Flint__V1__ModelInfo, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            name: try reader.string(message.name, "name"),
            capabilities: try reader.message(message.capabilities, "capabilities"),
            contextLength: message.context_length,
            maxOutputTokens: message.max_output_tokens,
            promptFormat: try reader.string(message.prompt_format, "prompt_format"),
            isDefault: message.is_default != 0,
            imageSupport: try reader.message(message.image_support, "image_support"))
    }

    func write(to message: inout Flint__V1__ModelInfo, in arena: PackArena) {
        message.name = arena.string(name)
        message.capabilities = capabilities.map(arena.message)
        message.context_length = contextLength
        message.max_output_tokens = maxOutputTokens
        message.prompt_format = arena.string(promptFormat)
        message.is_default = isDefault ? 1 : 0
        message.image_support = imageSupport.map(arena.message)
    }
}

extension ImageSupport: ProtobufBridged {
    init(reading message: Flint__V1__ImageSupport, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            input: ImageInput(message.input),
            mediaTypes: try reader.strings(message.n_media_types, message.media_types, "media_types"),
            minSidePx: message.min_side_px, maxSidePx: message.max_side_px, maxPixels: message.max_pixels,
            maxImageBytes: message.max_image_bytes, maxImagesPerRequest: message.max_images_per_request,
            maxRequestImageBytes: message.max_request_image_bytes, tokenPatchPx: message.token_patch_px,
            tokenMaxSidePx: message.token_max_side_px, visualSteps: message.visual_steps != 0)
    }

    func write(to message: inout Flint__V1__ImageSupport, in arena: PackArena) {
        message.input = input.cEnum
        (message.n_media_types, message.media_types) = arena.strings(mediaTypes)
        message.min_side_px = minSidePx
        message.max_side_px = maxSidePx
        message.max_pixels = maxPixels
        message.max_image_bytes = maxImageBytes
        message.max_images_per_request = maxImagesPerRequest
        message.max_request_image_bytes = maxRequestImageBytes
        message.token_patch_px = tokenPatchPx
        message.token_max_side_px = tokenMaxSidePx
        message.visual_steps = visualSteps ? 1 : 0
    }
}

extension ImageInput: CustomStringConvertible, ProtobufEnumBridged {
    typealias CEnum = Flint__V1__ImageInput
    static var enumDescriptor: ProtobufCEnumDescriptor { flint__v1__image_input__descriptor }
}

extension ModelCapabilities: ProtobufBridged {
    init(reading message: Flint__V1__ModelCapabilities, with reader: ProtobufReader) {
        self.init(
            images: message.images != 0, tools: message.tools != 0,
            reasoning: message.reasoning != 0, toolCalling: ToolCalling(message.tool_calling))
    }

    func write(to message: inout Flint__V1__ModelCapabilities, in arena: PackArena) {
        message.images = images ? 1 : 0
        message.tools = tools ? 1 : 0
        message.reasoning = reasoning ? 1 : 0
        message.tool_calling = toolCalling.cEnum
    }
}

extension ToolCalling: CustomStringConvertible, ProtobufEnumBridged {
    typealias CEnum = Flint__V1__ToolCalling
    static var enumDescriptor: ProtobufCEnumDescriptor { flint__v1__tool_calling__descriptor }
}

extension ListToolsRequest: ProtobufBridged {
    init(reading message: Flint__V1__ListToolsRequest, with reader: ProtobufReader) {
        self.init()
    }

    func write(to message: inout Flint__V1__ListToolsRequest, in arena: PackArena) {}
}

extension ListToolsResponse: ProtobufBridged {
    init(reading message: Flint__V1__ListToolsResponse, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(tools: try reader.messages(message.n_tools, message.tools, "tools"))
    }

    func write(to message: inout Flint__V1__ListToolsResponse, in arena: PackArena) {
        (message.n_tools, message.tools) = arena.messages(tools)
    }
}

extension ServerToolInfo: ProtobufBridged {
    init(reading message: Flint__V1__ServerToolInfo, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            name: try reader.string(message.name, "name"),
            description: try reader.string(message.description, "description"),
            parametersJSONSchema: try reader.string(message.parameters_json_schema, "parameters_json_schema"),
            runsIn: try reader.string(message.runs_in, "runs_in"),
            timeoutMs: message.timeout_ms, maxOutputBytes: message.max_output_bytes)
    }

    func write(to message: inout Flint__V1__ServerToolInfo, in arena: PackArena) {
        message.name = arena.string(name)
        message.description = arena.string(description)
        message.parameters_json_schema = arena.string(parametersJSONSchema)
        message.runs_in = arena.string(runsIn)
        message.timeout_ms = timeoutMs
        message.max_output_bytes = maxOutputBytes
    }
}
