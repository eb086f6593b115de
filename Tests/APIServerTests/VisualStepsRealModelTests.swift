import FlintTestSupport
import Foundation
import Testing
import FlintAPI

/// Visual steps on the real embedded model (it cannot see: Flint reads the receipt with
/// Tesseract, the model writes steps held to a grammar), through the real server and TLS.
/// Runs with the real-model group.
extension InferenceEndToEndTests {
    @Test("visual steps on the embedded model: every citation is a real OCR box of the receipt, streaming equals unary at temperature 0, the call is billed")
    func visualStepsOnTheEmbeddedModel() async throws {
        try await Self.withModel { _, connection, key, admin in
            let request = VisualStepsEndToEndTests.request(try OCRFixtures.bytes("receipt.png"))
            let unary = try await OCREndToEndTests.complete(connection, key: key, request)
            let events = try await ToolsEndToEndTests.events(connection, key: key, request)
            #expect(ToolsEndToEndTests.content(of: events) == unary.content)

            let observations = VisualStepsEndToEndTests.observations(unary.content)
            #expect(observations.contains { $0.source == Observation.Source.ocr && $0.text.contains("TOTAL") })
            let steps = VisualStepsEndToEndTests.steps(unary.content)
            #expect(!steps.isEmpty, "\(unary.content)")
            #expect(steps.map(\.index) == Array(0..<UInt32(steps.count)))
            VisualStepsEndToEndTests.expectGrounded(unary.content)
            guard case .text(let answer) = unary.content.last else {
                Issue.record("the response does not end with the answer: \(unary.content)")
                return
            }
            #expect(!answer.text.isEmpty)
            // One model call, whose prompt held the receipt's lines: well over the question's own tokens.
            let usage = try #require(unary.usage)
            #expect(usage.modelCalls == 1 && usage.inputTokens > 100 && usage.outputTokens > 0, "\(usage)")
            // The ledger has both calls, billed with the tokens they used (it is written in batches).
            let expected = usage.inputTokens + usage.outputTokens
            let billed = try await bounded(.seconds(15)) {
                while true {
                    let rows = try await admin.usage(partner: "acme").rows
                    let total = rows.reduce(0) { $0 + $1.inputTokens + $1.outputTokens }
                    if total >= 2 * expected { return total }
                    try await Task.sleep(for: .milliseconds(250))
                }
            }
            #expect(billed >= 2 * expected)
        }
    }
}
