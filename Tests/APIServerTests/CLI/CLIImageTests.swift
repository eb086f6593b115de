import FlintTestSupport
import Foundation
import ModelServices
import Testing
import Wire

/// `apiclient complete --image FILE`: the images go with the prompt, their media type read
/// from their first bytes; a model that cannot see reads them with the ocr tool.
@Suite("apiclient images")
struct CLIImageTests {
    @Test("--image sends the receipt; the ocr tool's call and result print, the result holding the total")
    func imageIsReadByOCR() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: OCREndToEndTests.turns)
        try await CLIToolsTests().withServer(backend) { run in
            let receipt = OCRFixtures.directory.appendingPathComponent("receipt.png").path
            let result = try await run([
                "complete", "--image", receipt, "--server-tool", "ocr", "--tool-choice", "ocr", "--max-steps", "2", "--prompt", "What is the total?",
            ])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.first == #"→ ocr {"image":0} [call_1, server]"#)
            #expect(lines.dropFirst().first.map { $0.hasPrefix("← call_1 {") && $0.contains("11.80") } == true)
            let prompt = PromptRendering.rawPrompt(for: try #require(backend.requests.first))
            #expect(prompt.contains(#"[image 0: image/png — call ocr with {"image":0} to read it]What is the total?"#))
        }
    }

    @Test("--image names the media type by the file's bytes, and refuses a file that is no image")
    func mediaTypeFromMagicBytes() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: OCREndToEndTests.turns)
        try await CLIToolsTests().withServer(backend) { run in
            // A JPEG under a .png name is sent as image/jpeg.
            let renamed = FileManager.default.temporaryDirectory.appendingPathComponent("flint-\(UUID().uuidString).png")
            try Data(try OCRFixtures.bytes("receipt-rotated.jpg")).write(to: renamed)
            defer { try? FileManager.default.removeItem(at: renamed) }
            let sent = try await run(["complete", "--image", renamed.path, "--server-tool", "ocr", "--tool-choice", "ocr", "--max-steps", "2", "--prompt", "Total?"])
            #expect(sent.status == 0, "stderr: \(sent.stderr)")
            #expect(PromptRendering.rawPrompt(for: try #require(backend.requests.first)).contains("[image 0: image/jpeg"))

            let text = FileManager.default.temporaryDirectory.appendingPathComponent("flint-\(UUID().uuidString).png")
            try Data("not an image at all".utf8).write(to: text)
            defer { try? FileManager.default.removeItem(at: text) }
            let refused = try await run(["complete", "--image", text.path, "--prompt", "Total?"])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("is not a PNG, JPEG, GIF or WebP file"))
        }
    }
}
