import FlintTestSupport
import Foundation
import Testing
import Wire

/// The `ocr` tool on the real embedded model (it cannot see: it reads a placeholder per
/// image and calls the tool), through the real server and TLS. Runs with the real-model group.
extension InferenceEndToEndTests {
    @Test("ocr on the embedded model: a forced call reads the receipt's total; a hostile image is a tool error and the server keeps serving")
    func ocrOnTheEmbeddedModel() async throws {
        try await Self.withModel { _, connection, key, _ in
            let receipt = try OCRFixtures.bytes("receipt.png")
            let response = try await OCREndToEndTests.complete(connection, key: key, OCREndToEndTests.request(receipt))
            guard case .toolCall(let call) = response.content.first else {
                Issue.record("the answer does not start with a tool call: \(response.content)")
                return
            }
            #expect(call.name == "ocr" && call.serverTool)
            let arguments = try #require(try JSONSerialization.jsonObject(with: Data(call.argumentsJSON.utf8)) as? [String: Any])
            #expect(arguments["image"] as? Int == 0)
            let result = try #require(OCREndToEndTests.toolResult(response))
            #expect(!result.isError && CompletionText.of(result).contains("11.80"), "\(call.argumentsJSON) → \(CompletionText.of(result))")
            // The model may call ocr again in its second step (then TOOL_STEP_LIMIT); every step is billed.
            #expect(response.usage.map { $0.toolCalls >= 1 && $0.modelCalls == 2 && $0.inputTokens > 0 } == true, "\(String(describing: response.usage))")

            let (image, message) = OCREndToEndTests.hostileImages[0]
            let hostile = try await OCREndToEndTests.complete(connection, key: key, OCREndToEndTests.request(image))
            let failure = try #require(OCREndToEndTests.toolResult(hostile))
            #expect(failure.isError && CompletionText.of(failure).contains(message), "\(CompletionText.of(failure))")

            let again = try await OCREndToEndTests.complete(connection, key: key, OCREndToEndTests.request(receipt))
            #expect(OCREndToEndTests.toolResult(again).map { !$0.isError && CompletionText.of($0).contains("11.80") } == true)
        }
    }
}
