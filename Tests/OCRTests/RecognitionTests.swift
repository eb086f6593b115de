import FlintTestSupport
import Foundation
import OCR
import Testing

/// Tesseract on the rendered fixtures: every word drawn is read, where it was drawn.
/// Recognition runs on the shared pool's threads, never on the test's own.
@Suite struct RecognitionTests {
    let pool: OCRWorkerPool

    init() throws {
        pool = try SharedOCRPool.pool.get()
    }

    func read(_ name: String, region: FrameBox? = nil) async throws -> OCRResult {
        let truth = try OCRFixtures.truth(name)
        return try await pool.recognize(OCRJob(image: try OCRFixtures.bytes(name), orientation: truth.orientation, region: region))
    }

    @Test(arguments: ["words.png", "receipt.png", "chart.png", "receipt-rotated.jpg"])
    func everyWordIsFoundInItsBox(name: String) async throws {
        let truth = try OCRFixtures.truth(name)
        let result = try await read(name)
        #expect(result.width == truth.width && result.height == truth.height)
        for word in truth.words {
            let expected = FrameBox(x0: word.box[0], y0: word.box[1], x1: word.box[2], y1: word.box[3])
            let best = result.words.filter { $0.text == word.text }.map { $0.box.intersectionOverUnion(expected) }.max()
            #expect((best ?? 0) >= 0.5, "\(name): '\(word.text)' at \(expected): read \(result.words.map { "\($0.text)\($0.box)" })")
        }
        for item in result.words + result.lines {
            #expect((0...1).contains(item.confidence))
            #expect(item.box.x0 < item.box.x1 && item.box.y0 < item.box.y1 && item.box.x1 <= 1000 && item.box.y1 <= 1000)
        }
    }

    @Test func linesCarryTheirWords() async throws {
        let result = try await read("receipt.png")
        let total = try #require(result.lines.first { $0.text.hasPrefix("TOTAL") })
        #expect(total.text.hasSuffix("11.80"))
        #expect(result.text.contains("CORNER MARKET"))
        let word = try #require(result.words.first { $0.text == "TOTAL" })
        #expect(word.box.intersectionOverUnion(total.box) > 0 && word.box.x0 >= total.box.x0 && word.box.y0 >= total.box.y0 - 5)
    }

    /// The region reads only what is inside it, and boxes stay on the whole image's frame.
    @Test func aRegionReadsOnlyItsPart() async throws {
        let truth = try OCRFixtures.truth("receipt.png")
        let total = try #require(truth.words.first { $0.text == "11.80" })
        let region = FrameBox(x0: 500, y0: total.box[1] - 30, x1: 1000, y1: total.box[3] + 30)
        let result = try await read("receipt.png", region: region)
        #expect(result.words.map(\.text) == ["11.80"])
        let expected = FrameBox(x0: total.box[0], y0: total.box[1], x1: total.box[2], y1: total.box[3])
        #expect(try #require(result.words.first).box.intersectionOverUnion(expected) >= 0.5)
    }

    /// Tesseract's cancel callback reads the job's stop flag: a set flag stops recognition.
    @Test func aStoppedJobEndsAsCancelled() throws {
        let recognizer = try TesseractRecognizer(tessdata: try TessdataLocation.resolve(configured: nil), limits: OCRLimits())
        let cancellation = OCRCancellation()
        cancellation.cancel()
        #expect(throws: OCRError.cancelled) {
            try recognizer.recognize(OCRJob(image: try OCRFixtures.bytes("words.png")), cancellation: cancellation, timeLimit: .seconds(30))
        }
    }

    /// Random black and white dots: whatever Tesseract makes of them, it ends, as a bounded
    /// result or an error, never a crash.
    /// Tesseract's own deadline (its monitor's) stops a job past its time limit, whatever
    /// the pool's timer does: 1 ms is over before the first word is read.
    @Test func tesseractsDeadlineStopsALongJob() throws {
        let recognizer = try TesseractRecognizer(tessdata: try TessdataLocation.resolve(configured: nil), limits: OCRLimits())
        #expect(throws: OCRError.timeLimit(.milliseconds(1))) {
            try recognizer.recognize(OCRJob(image: try OCRFixtures.bytes("receipt.png")), cancellation: OCRCancellation(), timeLimit: .milliseconds(1))
        }
    }

    @Test func noiseEnds() async throws {
        let noise = try OCRFixtures.bytes("noise.png")
        do throws(OCRError) {
            let result = try await pool.recognize(OCRJob(image: noise))
            #expect(result.words.count <= pool.limits.maxWords)
        } catch {
            #expect(error == .recognitionFailed || error == .timeLimit(pool.limits.timeLimit))
        }
    }

    @Test func hostileImagesAreErrors() async throws {
        let bytes = try OCRFixtures.bytes("receipt.png")
        let cases: [([UInt8], OCRError)] = [
            ([], .unreadableHeader),
            (Array(bytes.prefix(bytes.count / 3)), .corrupt),
            (try OCRFixtures.bytes("bomb-header.png"), .overPixelBudget(width: 100_000, height: 100_000, limits: OCRPixelLimits())),
        ]
        for (image, expected) in cases {
            await #expect(throws: expected) { try await pool.recognize(OCRJob(image: image)) }
        }
    }
}

/// One pool for the suites that read real images: two workers, room for every test's job.
enum SharedOCRPool {
    static let pool = Result { () throws(OCRError) -> OCRWorkerPool in
        try OCRWorkerPool(tessdata: try TessdataLocation.resolve(configured: nil), limits: OCRLimits(workers: 2, queueCapacity: 64))
    }
}

@Suite struct TessdataTests {
    @Test func debiansLanguageDataIsFound() throws {
        let location = try TessdataLocation.resolve(configured: nil)
        #expect(TessdataLocation.debianDirectories.contains(location.directory))
        #expect(location.language == "eng")
    }

    @Test func aMissingLanguageFileIsAClearError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flint-tessdata-\(UUID().uuidString)").path
        #expect {
            try TessdataLocation.resolve(configured: directory)
        } throws: { error in
            "\(error)".contains("no eng.traineddata in \(directory)") && "\(error)".contains("FLINT_TESSDATA")
        }
    }

    /// Tesseract crashes on a damaged language file; it is refused before Tesseract sees it.
    @Test(arguments: [[], Array("not trained data".utf8), [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x7F, 0x7F, 0, 0, 0, 0, 0, 0]])
    func damagedLanguageDataFailsTheStart(contents: [UInt8]) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flint-tessdata-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(contents).write(to: directory.appendingPathComponent("eng.traineddata"))
        #expect {
            try TessdataLocation.resolve(configured: directory.path)
        } throws: { error in
            "\(error)".contains("is not a Tesseract language file")
        }
    }

    /// Debian's Tesseract uses OpenMP; its parallel regions run on the recognizing thread.
    @Test func tesseractsOpenMPRunsSerially() {
        #expect(LibrarySettings.runOpenMPSeriallyOnThisThread() == 0)
    }

    @Test func debiansLanguageFilePassesTheCheck() throws {
        let location = try TessdataLocation.resolve(configured: nil)
        _ = try TesseractRecognizer(tessdata: location, limits: OCRLimits())
    }
}
