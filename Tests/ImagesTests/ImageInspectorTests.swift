import FlintTestSupport
import Testing

@testable import Images

/// The inspector on files built by hand: every format read to its dimensions, and every
/// kind of broken, lying or hostile file refused with the reason.
@Suite("Image inspection")
struct ImageInspectorTests {
    static let limits = ImageLimits()

    static func inspect(_ bytes: [UInt8], _ mediaType: String, limits: ImageLimits = limits) throws(ImageRefusal) -> ImageInfo {
        try ImageInspector.inspect(bytes, mediaType: mediaType, limits: limits)
    }

    static func refusal(_ bytes: [UInt8], _ mediaType: String, limits: ImageLimits = limits) -> ImageRefusal? {
        do {
            _ = try inspect(bytes, mediaType, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    static let wellFormed: [(String, [UInt8], String, Int, Int)] = [
        ("png", TestImages.png(width: 7, height: 3), "image/png", 7, 3),
        ("gif", TestImages.gif(width: 5, height: 9), "image/gif", 5, 9),
        ("jpeg", TestImages.jpeg(width: 640, height: 480), "image/jpeg", 640, 480),
        ("webp lossless", TestImages.webpLossless(width: 300, height: 200), "image/webp", 300, 200),
        ("webp lossy", TestImages.webpLossy(width: 123, height: 45), "image/webp", 123, 45),
        ("webp extended", TestImages.webpExtended(width: 1000, height: 20), "image/webp", 1000, 20),
    ]

    @Test("the CRC is the standard one (check value of \"123456789\")")
    func crcCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test("each format's size is read from its header", arguments: 0..<6)
    func dimensions(index: Int) throws {
        let (name, bytes, mediaType, width, height) = Self.wellFormed[index]
        let info = try Self.inspect(bytes, mediaType)
        #expect(info.width == width, "\(name)")
        #expect(info.height == height, "\(name)")
        #expect(info.orientation == 1)
        #expect(!info.isAnimated)
        #expect(info.byteCount == bytes.count)
        #expect(info.format.mediaType == mediaType)
    }

    @Test("media types are compared without case; any other type is refused")
    func mediaTypes() throws {
        #expect(try Self.inspect(TestImages.png(width: 1, height: 1), "IMAGE/PNG").width == 1)
        #expect(Self.refusal(TestImages.png(width: 1, height: 1), "image/jpg")?.kind == .mediaTypeMismatch)
        #expect(Self.refusal(TestImages.png(width: 1, height: 1), "")?.kind == .mediaTypeMismatch)
    }

    @Test("a file that is one format but declares another is refused", arguments: 0..<6)
    func mismatch(index: Int) {
        let (_, bytes, mediaType, _, _) = Self.wellFormed[index]
        for other in ImageInspector.mediaTypes where other != mediaType {
            let refusal = Self.refusal(bytes, other)
            #expect(refusal?.kind == .mediaTypeMismatch)
            #expect(refusal?.reason.contains(other) == true)
        }
    }

    @Test("wrong magic and zero bytes are refused")
    func wrongMagic() {
        #expect(Self.refusal([], "image/png")?.kind == .empty)
        #expect(Self.refusal(Array("hello, world".utf8), "image/png")?.kind == .unknownFormat)
        var png = TestImages.png(width: 2, height: 2)
        png[1] = 0x51
        #expect(Self.refusal(png, "image/png")?.kind == .unknownFormat)
        #expect(Self.refusal([0xFF, 0xD8], "image/jpeg")?.kind == .unknownFormat)
    }

    @Test("a file truncated at any offset is refused", arguments: 0..<6)
    func truncatedEverywhere(index: Int) {
        let (name, bytes, mediaType, _, _) = Self.wellFormed[index]
        for length in 0..<bytes.count {
            let refusal = Self.refusal(Array(bytes.prefix(length)), mediaType)
            #expect(refusal != nil, "\(name) cut to \(length) of \(bytes.count) bytes was accepted")
        }
    }

    @Test("every single-byte change of every format is refused or read as a sane image, never a crash", arguments: 0..<6)
    func singleByteChanges(index: Int) {
        let (name, bytes, mediaType, _, _) = Self.wellFormed[index]
        var refused = 0
        for offset in bytes.indices {
            for change in [{ (_: UInt8) in UInt8(0) }, { _ in 0xFF }, { $0 ^ 0x01 }, { $0 ^ 0x80 }] {
                var changed = bytes
                changed[offset] = change(bytes[offset])
                do {
                    let info = try ImageInspector.structure(changed, mediaType: mediaType)
                    #expect(info.width >= 1 && info.height >= 1 && (1...8).contains(info.orientation), "\(name) at \(offset)")
                } catch {
                    refused += 1
                }
            }
        }
        #expect(refused > 0, "\(name): no change was refused")
    }

    @Test("every single-byte change of a PNG's chunks is refused (CRC) or changes nothing it reports")
    func pngCRC() {
        let bytes = TestImages.png(width: 3, height: 2)
        let original = try? Self.inspect(bytes, "image/png")
        for offset in 8..<bytes.count {
            var changed = bytes
            changed[offset] ^= 0x40
            if let info = try? Self.inspect(changed, "image/png") {
                #expect(info == original, "a change at \(offset) was accepted with other results")
            }
        }
        var badCRC = bytes
        badCRC[8 + 8 + 13] ^= 1  // IHDR's CRC
        #expect(Self.refusal(badCRC, "image/png")?.reason.contains("CRC") == true)
    }

    @Test("PNG structure: IHDR first, IDAT present, IEND last, PLTE for palettes, sane IHDR")
    func pngStructure() {
        let ihdr = TestImages.pngChunk("IHDR", TestImages.be32(2) + TestImages.be32(2) + [8, 2, 0, 0, 0])
        let idat = TestImages.pngChunk("IDAT", TestImages.zlibStored([UInt8](repeating: 0, count: 14)))
        let iend = TestImages.pngChunk("IEND", [])
        let signature = TestImages.pngSignature
        #expect(Self.refusal(signature + idat + ihdr + iend, "image/png")?.reason.contains("not IHDR") == true)
        #expect(Self.refusal(signature + ihdr + iend, "image/png")?.reason.contains("no IDAT") == true)
        #expect(Self.refusal(signature + ihdr + idat, "image/png")?.kind == .truncated)
        #expect(Self.refusal(signature + ihdr + ihdr + idat + iend, "image/png")?.reason.contains("second IHDR") == true)
        #expect(Self.refusal(TestImages.png(width: 2, height: 2, colorType: 3), "image/png")?.reason.contains("PLTE") == true)
        #expect(Self.refusal(TestImages.png(width: 2, height: 2, colorType: 2, bitDepth: 4), "image/png")?.reason.contains("bit depth") == true)
        #expect(Self.refusal(TestImages.png(width: 0, height: 2), "image/png")?.kind == .corrupt)
    }

    @Test("PNG bytes followed by a ZIP (a polyglot) are refused")
    func pngPolyglot() {
        let zip: [UInt8] = Array("PK\u{3}\u{4}".utf8) + [UInt8](repeating: 0, count: 26) + Array("PK\u{5}\u{6}".utf8) + [UInt8](repeating: 0, count: 18)
        let refusal = Self.refusal(TestImages.png(width: 2, height: 2) + zip, "image/png")
        #expect(refusal?.kind == .trailingData)
        #expect(refusal?.reason.contains("\(zip.count) bytes") == true)
        #expect(Self.refusal(TestImages.jpeg(width: 2, height: 2) + zip, "image/jpeg")?.kind == .trailingData)
        #expect(Self.refusal(TestImages.gif(width: 2, height: 2) + zip, "image/gif")?.kind == .trailingData)
        #expect(Self.refusal(TestImages.webpLossless(width: 2, height: 2) + zip, "image/webp")?.kind == .trailingData)
    }

    @Test("a header claiming 100000×100000 is refused: as a lie in a small file, by the side limit when the file could hold it")
    func hugeClaims() {
        let lie = TestImages.png(width: 100_000, height: 100_000, idat: TestImages.zlibStored([0, 0, 0, 0]), colorType: 0, bitDepth: 1)
        let refusal = Self.refusal(lie, "image/png")
        #expect(refusal?.kind == .corrupt)
        #expect(refusal?.reason.contains("cannot hold") == true)
        let large = Self.refusal(TestImages.largePNG(width: 100_000, height: 100_000), "image/png", limits: ImageLimits(maxImageBytes: 8 << 20))
        #expect(large?.kind == .sideOutOfRange)
        #expect(large?.reason.contains("8000") == true)
        #expect(Self.refusal(TestImages.webpExtended(width: 100_000, height: 100_000), "image/webp")?.kind == .corrupt)
    }

    @Test("sides and pixels: 8000 is accepted, 8001 is not; 40 MP is accepted, 40 MP + 1 is not")
    func sizeLimits() throws {
        #expect(try Self.inspect(TestImages.largePNG(width: 8_000, height: 1), "image/png").width == 8_000)
        #expect(Self.refusal(TestImages.largePNG(width: 8_001, height: 1), "image/png")?.kind == .sideOutOfRange)
        #expect(Self.refusal(TestImages.jpeg(width: 1, height: 8_001), "image/jpeg")?.kind == .sideOutOfRange)
        let exact = ImageLimits(maxSide: 40_000_001)
        #expect(try Self.inspect(TestImages.largePNG(width: 8_000, height: 5_000), "image/png").width == 8_000)
        // 40,000,001 is prime, so 40 MP + 1 needs a side of 1: raise the side limit to reach it.
        #expect(try Self.inspect(TestImages.largePNG(width: 40_000_000, height: 1), "image/png", limits: exact).width == 40_000_000)
        let over = Self.refusal(TestImages.largePNG(width: 40_000_001, height: 1), "image/png", limits: exact)
        #expect(over?.kind == .tooManyPixels)
        #expect(over?.reason.contains("40000000") == true)
    }

    @Test("JPEG: a frame header with a 0 side, a scan before it, two of them, or none are refused")
    func jpegStructure() {
        #expect(Self.refusal(TestImages.jpeg(width: 0, height: 10), "image/jpeg")?.reason.contains("0×") == true)
        #expect(Self.refusal(TestImages.jpeg(width: 10, height: 0), "image/jpeg")?.kind == .corrupt)
        let jpeg = TestImages.jpeg(width: 4, height: 4)
        let noFrame = jpeg.indices.first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 }!
        var withoutSOF = jpeg
        withoutSOF.removeSubrange(noFrame..<(noFrame + 2 + 17))
        #expect(Self.refusal(withoutSOF, "image/jpeg")?.reason.contains("scan before the frame header") == true)
        var twoFrames = jpeg
        twoFrames.insert(contentsOf: jpeg[noFrame..<(noFrame + 19)], at: noFrame)
        #expect(Self.refusal(twoFrames, "image/jpeg")?.reason.contains("second frame header") == true)
        #expect(Self.refusal([0xFF, 0xD8, 0xFF, 0xD9], "image/jpeg")?.reason.contains("without a frame header") == true)
    }

    @Test("GIF: a frame outside the screen, an unknown block, no frame are refused")
    func gifStructure() {
        let outside = Self.refusal(TestImages.gif(width: 10, height: 10, frames: [(5, 0, 6, 10)]), "image/gif")
        #expect(outside?.kind == .corrupt)
        #expect(outside?.reason.contains("outside the 10×10 screen") == true)
        #expect(Self.refusal(TestImages.gif(width: 0, height: 10), "image/gif")?.kind == .corrupt)
        let noFrame = Array(TestImages.gif(width: 2, height: 2).prefix(19)) + [0x3B]
        #expect(Self.refusal(noFrame, "image/gif")?.reason.contains("no image") == true)
        var unknown = TestImages.gif(width: 2, height: 2)
        unknown.insert(0x99, at: unknown.count - 1)
        #expect(Self.refusal(unknown, "image/gif")?.reason.contains("unknown block") == true)
    }

    @Test("WebP: a RIFF size that is not the file's, a chunk larger than the file, a canvas that is not the image's are refused")
    func webpStructure() {
        let chunk = TestImages.webpChunk("VP8L", Array(TestImages.webpLossless(width: 3, height: 3).dropFirst(20)))
        #expect(Self.refusal(TestImages.riff([chunk], sizeAdjustment: 2), "image/webp")?.kind == .truncated)
        #expect(Self.refusal(TestImages.riff([chunk], sizeAdjustment: -2), "image/webp")?.kind == .trailingData)
        var tooLong = TestImages.webpLossless(width: 3, height: 3)
        tooLong[16] = 0xFF  // the VP8L chunk's size
        #expect(Self.refusal(tooLong, "image/webp")?.reason.contains("more than the file holds") == true)
        var canvas = TestImages.webpExtended(width: 30, height: 30)
        canvas[24] = 0x20  // the canvas width - 1, low byte: 33 wide
        #expect(Self.refusal(canvas, "image/webp")?.reason.contains("canvas") == true)
        #expect(Self.refusal(TestImages.riff([TestImages.webpChunk("ABCD", [1, 2])]), "image/webp")?.kind == .corrupt)
    }

    @Test("animation is refused: a multi-frame GIF, an APNG, an animated WebP; a single-frame GIF is not")
    func animation() throws {
        #expect(try Self.inspect(TestImages.gif(width: 4, height: 4, frames: [(0, 0, 4, 4)]), "image/gif").isAnimated == false)
        for (bytes, type) in [
            (TestImages.gif(width: 4, height: 4, frames: [(0, 0, 4, 4), (1, 1, 2, 2)]), "image/gif"),
            (TestImages.apng(), "image/png"),
            (TestImages.webpExtended(width: 4, height: 4, animated: true), "image/webp"),
        ] {
            #expect(try ImageInspector.structure(bytes, mediaType: type).isAnimated)
            let refusal = Self.refusal(bytes, type)
            #expect(refusal?.kind == .animated)
            #expect(refusal?.reason.contains("animated") == true)
        }
    }

    @Test("EXIF orientation 6 (JPEG APP1, PNG eXIf, WebP EXIF) swaps the displayed width and height; 3 does not")
    func orientation() throws {
        let files: [(Int) -> ([UInt8], String)] = [
            { (TestImages.jpeg(width: 40, height: 30, orientation: $0), "image/jpeg") },
            { (TestImages.png(width: 40, height: 30, extra: [TestImages.pngChunk("eXIf", TestImages.exif(orientation: $0, littleEndian: true))]), "image/png") },
            { (TestImages.webpExtended(width: 40, height: 30, orientation: $0), "image/webp") },
        ]
        for file in files {
            let (turned, type) = file(6)
            let info = try Self.inspect(turned, type)
            #expect(info.orientation == 6)
            #expect((info.width, info.height) == (40, 30))
            #expect((info.displayedWidth, info.displayedHeight) == (30, 40))
            let upsideDown = try Self.inspect(file(3).0, type)
            #expect((upsideDown.displayedWidth, upsideDown.displayedHeight) == (40, 30))
            #expect(Self.refusal(file(9).0, type)?.reason.contains("orientation 9") == true)
        }
    }

    @Test("file size: 5 MiB is the most per image")
    func byteLimit() {
        let limits = ImageLimits()
        let refusal = Self.refusal([UInt8](repeating: 0, count: limits.maxImageBytes + 1), "image/png")
        #expect(refusal?.kind == .tooManyBytes)
        #expect(refusal?.reason.contains("\(5 << 20)") == true)
    }

    @Test("a request takes at most 20 images and 32 MiB of them, counted before each is inspected")
    func budget() throws {
        var budget = ImageBudget(limits: ImageLimits())
        let image = TestImages.png(width: 2, height: 2)
        for _ in 0..<20 { _ = try budget.admit(image, mediaType: "image/png") }
        #expect(throws: ImageRefusal(.tooManyImages, "at most 20 images per request are accepted")) {
            _ = try budget.admit(image, mediaType: "image/png")
        }
        var bytes = ImageBudget(limits: ImageLimits())
        let big = TestImages.paddedPNG(totalBytes: 5 << 20)
        #expect(big.count == 5 << 20)
        let fitting = (32 << 20) / big.count
        for _ in 0..<fitting { _ = try bytes.admit(big, mediaType: "image/png") }
        var refusal: ImageRefusal?
        do {
            _ = try bytes.admit(big, mediaType: "image/png")
        } catch {
            refusal = error
        }
        #expect(refusal?.kind == .requestTooLarge)
        #expect(bytes.count == fitting)
    }

    @Test("image tokens: ⌈w/28⌉·⌈h/28⌉ of the displayed image scaled to at most 896 px")
    func tokens() {
        let formula = ImageTokenFormula()
        #expect(formula.tokens(width: 28, height: 28) == 1)
        #expect(formula.tokens(width: 29, height: 28) == 2)
        #expect(formula.tokens(width: 896, height: 896) == 1_024)
        #expect(formula.tokens(width: 8_000, height: 8_000) == 1_024)
        #expect(formula.tokens(width: 1_792, height: 896) == 32 * 16)
        #expect(formula.tokens(width: 8_000, height: 1) == 32)
        #expect(formula.maximumTokens == 1_024)
        let turned = ImageInfo(format: .jpeg, width: 100, height: 30, orientation: 8, byteCount: 1)
        #expect(formula.tokens(for: turned) == formula.tokens(width: 30, height: 100))
        #expect(ImageTokenFormula(patchSide: 14, maxSide: 448).tokens(width: 1_000, height: 500) == 32 * 16)
    }
}
