import ArgumentParser
import Foundation
import FlintAPI

/// `apiclient models`: the models the server serves.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the models the server serves, with their limits and capabilities.",
        discussion: HelpText.discussion("Reads flint.v1.Inference/ListModels; needs the \"inference\" scope.", examples: ["apiclient models", "apiclient models --json"])
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Credential") var auth: AuthOptions

    @Flag(help: "Print one JSON array.")
    var json = false

    func run() async throws {
        let response = try await connection.withSession(auth) { session in
            try await session.unary(Methods.Inference.listModels, ListModelsRequest())
        }
        let rows: [[String: Any]] = response.models.map { model in
            [
                "name": model.name, "context_length": model.contextLength, "max_output_tokens": model.maxOutputTokens,
                "default": model.isDefault, "images": model.capabilities?.images ?? false,
                "tools": model.capabilities?.tools ?? false, "reasoning": model.capabilities?.reasoning ?? false,
                "tool_calling": Self.toolCalling(model.capabilities?.toolCalling ?? .unspecified),
                "image_support": Self.imageSupportJSON(model.imageSupport ?? ImageSupport()),
            ]
        }
        if json {
            let data = try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        var table = TextTable([
            .init("MODEL"), .init("CONTEXT", .right), .init("MAX OUTPUT", .right), .init("CAPABILITIES"), .init("IMAGES"), .init("DEFAULT"),
        ])
        for model in response.models {
            let tools = "tools (\(Self.toolCalling(model.capabilities?.toolCalling ?? .unspecified)))"
            let capabilities = [("images", model.capabilities?.images), (tools, model.capabilities?.tools), ("reasoning", model.capabilities?.reasoning)]
                .compactMap { $0.1 == true ? $0.0 : nil }.joined(separator: ",")
            table.append([
                model.name, "\(model.contextLength)", "\(model.maxOutputTokens)", capabilities.isEmpty ? "text" : capabilities,
                Self.imageSummary(model.imageSupport ?? ImageSupport()), model.isDefault ? "yes" : "",
            ])
        }
        print(table.rendered(), terminator: "")
    }

    static func imageInput(_ input: ImageInput) -> String {
        switch input {
        case .none: "none"
        case .native: "native"
        case .perception: "perception"
        default: "unspecified"
        }
    }

    /// `native, ≤20 × 5 MiB (32 MiB), 1-8000 px, 40 MP, 28 px patches of ≤896 px`, or `none`.
    static func imageSummary(_ support: ImageSupport) -> String {
        guard support.input != .none, support.input != .unspecified else { return imageInput(support.input) }
        let mebibytes = { (bytes: UInt64) in bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) B" }
        let megapixels = support.maxPixels % 1_000_000 == 0 ? "\(support.maxPixels / 1_000_000) MP" : "\(support.maxPixels) px"
        return "\(imageInput(support.input))\(support.visualSteps ? " +visual steps" : ""), ≤\(support.maxImagesPerRequest) × \(mebibytes(support.maxImageBytes))"
            + " (\(mebibytes(support.maxRequestImageBytes))), \(support.minSidePx)-\(support.maxSidePx) px, \(megapixels),"
            + " tokens ⌈w/\(support.tokenPatchPx)⌉·⌈h/\(support.tokenPatchPx)⌉ at ≤\(support.tokenMaxSidePx) px"
    }

    static func imageSupportJSON(_ support: ImageSupport) -> [String: Any] {
        [
            "input": imageInput(support.input), "media_types": support.mediaTypes, "min_side_px": support.minSidePx,
            "max_side_px": support.maxSidePx, "max_pixels": support.maxPixels, "max_image_bytes": support.maxImageBytes,
            "max_images_per_request": support.maxImagesPerRequest, "max_request_image_bytes": support.maxRequestImageBytes,
            "token_patch_px": support.tokenPatchPx, "token_max_side_px": support.tokenMaxSidePx, "visual_steps": support.visualSteps,
        ]
    }

    static func toolCalling(_ calling: ToolCalling) -> String {
        switch calling {
        case .none: "none"
        case .native: "native"
        case .constrained: "constrained"
        default: "unspecified"
        }
    }
}

/// `apiclient count-tokens`: how many tokens a prompt is for a model.
struct CountTokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count-tokens",
        abstract: "Count a prompt's tokens with the model's own tokenizer.",
        discussion: HelpText.discussion("Calls flint.v1.Inference/CountTokens; needs the \"inference\" scope.", examples: ["apiclient count-tokens --prompt \"The capital of France is\""])
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Credential") var auth: AuthOptions

    @Option(help: "The text to count.")
    var prompt: String

    @Option(help: "Model name. (default: the server's default model)")
    var model: String = ""

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() async throws {
        let request = CountTokensRequest(model: model, messages: [Message(role: .user, parts: [.text(TextPart(text: prompt))])])
        let response = try await connection.withSession(auth) { session in
            try await session.unary(Methods.Inference.countTokens, request)
        }
        if json {
            let data = try JSONSerialization.data(withJSONObject: ["model": response.model, "input_tokens": response.inputTokens], options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(response.inputTokens)
        }
    }
}
