import FlintTestSupport
import Images
import Foundation
import ModelServices
import Testing
import FlintAPI

/// `apiclient models`: each model's image input, limits and token formula, as a table
/// and as JSON.
@Suite("apiclient models")
struct CLIModelsTests {
    static let vision = ModelDescriptor(
        name: "vision", contextLength: 4_096, maxOutputTokens: 64, capabilities: ModelCapabilities(images: true), isDefault: false,
        imageLimits: .init(maxImagesPerRequest: 3), imageTokens: .init(patchSide: 14, maxSide: 448))

    @Test("the image support of each model shows in the table and in --json")
    func imageSupport() async throws {
        try await CLIToolsTests().withServer(ScriptedTurnBackend(models: [.scriptedConstrained(), Self.vision, .scriptedText()], turns: [])) { run in
            let table = try await run(["models"])
            #expect(table.status == 0, "stderr: \(table.stderr)")
            let lines = table.stdout.split(separator: "\n")
            #expect(lines.first?.contains("IMAGES") == true)
            let visionLine = try #require(lines.first { $0.hasPrefix("vision") })
            // The server runs OCR: a vision model without JSON-schema output takes visual steps through it.
            #expect(visionLine.contains("native +visual steps, ≤3 × 5 MiB (32 MiB), 1-8000 px, 40 MP, tokens ⌈w/14⌉·⌈h/14⌉ at ≤448 px"))
            // The server runs OCR, so a model that cannot see takes images through it, with visual steps.
            #expect(lines.first { $0.hasPrefix("scripted-raw") }?.contains(" perception") == true)

            let json = try await run(["models", "--json"])
            #expect(json.status == 0, "stderr: \(json.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
            let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0["name"] as? String ?? "", $0["image_support"] as? [String: Any] ?? [:]) })
            let support = try #require(byName["vision"])
            #expect(support["input"] as? String == "native")
            #expect(support["max_images_per_request"] as? Int == 3)
            #expect(support["token_patch_px"] as? Int == 14)
            #expect(support["token_max_side_px"] as? Int == 448)
            #expect(support["max_image_bytes"] as? Int == 5 << 20)
            #expect(support["media_types"] as? [String] == ["image/png", "image/jpeg", "image/webp", "image/gif"])
            #expect(support["visual_steps"] as? Bool == true)
            // A chat model with neither a grammar nor JSON-schema output has none.
            #expect(byName["scripted-text"]?["visual_steps"] as? Bool == false)
            #expect(byName["scripted-raw"]?["input"] as? String == "perception")
            #expect(byName["scripted-raw"]?["visual_steps"] as? Bool == true)
        }
    }
}
