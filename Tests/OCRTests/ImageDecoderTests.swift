import FlintTestSupport
import OCR
import Testing

@Suite struct ImageDecoderTests {
    let decoder = ImageDecoder()

    /// Each orientation's stored pixels, turned, give the upright 3×2 image 10 20 30 / 40 50 60.
    @Test(arguments: 1...8) func orientationGivesTheDisplayedImage(orientation: Int) throws {
        let image = try decoder.decode(try OCRFixtures.bytes("orientation-\(orientation).png"), orientation: orientation)
        #expect(image.width == 3 && image.height == 2)
        let levels = (0..<2).flatMap { y in (0..<3).map { x in image.grey(x: x, y: y) } }
        #expect(levels == [10, 20, 30, 40, 50, 60])
    }

    @Test func aStoredTurnIsNotUndoneWithoutItsOrientation() throws {
        let image = try decoder.decode(try OCRFixtures.bytes("orientation-6.png"), orientation: 1)
        #expect(image.width == 2 && image.height == 3)
    }

    @Test func colourImagesBecomeGrey() throws {
        let image = try decoder.decode(try OCRFixtures.bytes("receipt-rotated.jpg"), orientation: 6)
        let truth = try OCRFixtures.truth("receipt-rotated.jpg")
        #expect(image.width == truth.width && image.height == truth.height)
        #expect(image.grey(x: 2, y: 2).map { $0 > 240 } == true)  // white paper
    }

    @Test(arguments: [0, 9, -1]) func anOrientationOutside1To8IsRefused(orientation: Int) throws {
        #expect(throws: OCRError.invalidOrientation(orientation)) { try decoder.decode(try OCRFixtures.bytes("words.png"), orientation: orientation) }
    }

    @Test func aHeaderOverThePixelBudgetIsRefusedBeforeDecoding() throws {
        let bomb = try OCRFixtures.bytes("bomb-header.png")
        #expect(bomb.count < 100)
        #expect(throws: OCRError.overPixelBudget(width: 100_000, height: 100_000, limits: decoder.limits)) { try decoder.decode(bomb) }
    }

    @Test func aGIFFrameOverTheBudgetIsRefusedBeforeDecoding() throws {
        let bomb = try OCRFixtures.bytes("bomb-frame.gif")
        #expect(bomb.count < 100)
        #expect(throws: OCRError.overPixelBudget(width: 60_000, height: 60_000, limits: decoder.limits)) { try decoder.decode(bomb) }
    }

    @Test func aGIFsFramesTogetherOverTheBudgetAreRefused() throws {
        let frames = try OCRFixtures.bytes("frames.gif")
        #expect(throws: OCRError.framesOverPixelBudget(frames: 3, pixels: 36_000_000, limits: decoder.limits)) { try decoder.decode(frames) }
    }

    @Test func aGIFDecodesLikeItsPNG() throws {
        let gif = try decoder.decode(try OCRFixtures.bytes("words.gif"))
        let png = try decoder.decode(try OCRFixtures.bytes("words.png"))
        #expect(gif.width == png.width && gif.height == png.height)
        let points = [(0, 0), (50, 40), (100, 50), (320, 180), (639, 359)]
        #expect(points.map { gif.grey(x: $0.0, y: $0.1) } == points.map { png.grey(x: $0.0, y: $0.1) })
    }

    @Test func aSmallBudgetRefusesAnOrdinaryImage() throws {
        let small = ImageDecoder(limits: OCRPixelLimits(maxSide: 8_000, maxPixels: 10_000))
        #expect(throws: OCRError.overPixelBudget(width: 640, height: 360, limits: small.limits)) { try small.decode(try OCRFixtures.bytes("words.png")) }
        let narrow = ImageDecoder(limits: OCRPixelLimits(maxSide: 500, maxPixels: 1_000_000))
        #expect(throws: OCRError.overPixelBudget(width: 640, height: 360, limits: narrow.limits)) { try narrow.decode(try OCRFixtures.bytes("words.png")) }
    }

    @Test func zeroBytesAreRefused() {
        #expect(throws: OCRError.unreadableHeader) { try decoder.decode([]) }
    }

    @Test func bytesThatAreNoImageAreRefused() {
        var generator = SeededBytes(seed: 7)
        let noise = (0..<4096).map { _ in generator.next() }
        #expect {
            try decoder.decode(noise)
        } throws: { error in
            guard let error = error as? OCRError else { return false }
            if case .unsupportedFormat = error { return true }
            return error == .unreadableHeader
        }
    }

    @Test(arguments: ["words.png", "receipt-rotated.jpg", "words.gif"]) func truncatedDataIsRefused(name: String) throws {
        let bytes = try OCRFixtures.bytes(name)
        #expect(throws: OCRError.corrupt) { try decoder.decode(Array(bytes.prefix(bytes.count / 2))) }
    }

    @Test func corruptDataIsRefused() throws {
        var bytes = try OCRFixtures.bytes("words.png")
        for index in stride(from: 200, to: bytes.count - 20, by: 7) { bytes[index] ^= 0x5A }
        #expect(throws: OCRError.corrupt) { try decoder.decode(bytes) }
    }
}

/// Deterministic pseudo-random bytes (xorshift), so a failing case can be replayed.
struct SeededBytes {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    }

    mutating func next() -> UInt8 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state >> 24)
    }
}
