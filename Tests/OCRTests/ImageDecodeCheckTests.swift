import FlintTestSupport
import OCR
import Testing

/// The edge's decode check: real data passes, data that does not decode or passes the
/// pixel budget is refused with the reason.
@Suite struct ImageDecodeCheckTests {
    static let budget = OCRPixelLimits(maxSide: 8_000, maxPixels: 40_000_000)

    @Test func decodableImagesPass() async throws {
        let check = ImageDecodeCheck()
        try await check.check(TestImages.png(width: 20, height: 10), orientation: 1, pixels: Self.budget)
        try await check.check(TestImages.gif(width: 3, height: 3), orientation: 1, pixels: Self.budget)
        try await check.check(try OCRFixtures.bytes("receipt.png"), orientation: 6, pixels: Self.budget)
        #expect(check.runningChecks == 0)
    }

    @Test func corruptDataIsRefused() async {
        let noise = TestImages.png(width: 64, height: 64, idat: [0x78, 0x9C] + (0..<600).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })
        let check = ImageDecodeCheck()
        await #expect(throws: OCRError.corrupt) { try await check.check(noise, orientation: 1, pixels: Self.budget) }
        #expect(check.runningChecks == 0)
    }

    @Test func thePixelBudgetHoldsBeforeDecoding() async {
        let check = ImageDecodeCheck()
        let small = OCRPixelLimits(maxSide: 8_000, maxPixels: 100)
        await #expect(throws: OCRError.self) { try await check.check(TestImages.png(width: 20, height: 10), orientation: 1, pixels: small) }
    }
}
