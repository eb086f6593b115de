internal import CTesseract

/// One Tesseract instance, initialised once with its language data: the only holder of a
/// `TessBaseAPI` pointer. Not thread-safe: one worker thread uses it.
final class TesseractEngine {
    private let api: OpaquePointer
    private let maxWords: Int

    init(tessdata: TessdataLocation, maxWords: Int) throws(OCRError) {
        LibrarySettings.apply()
        guard let api = TessBaseAPICreate() else { throw .languageData("Tesseract did not start") }
        self.api = api
        self.maxWords = maxWords
        // Tesseract's own diagnostics (resolution guesses, …) go nowhere; failures are errors.
        // Set before Init for its messages, and after it, since Init reads the language's configs.
        _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
        guard TessBaseAPIInit3(api, tessdata.directory, tessdata.language) == 0 else {
            TessBaseAPIDelete(api)
            throw .languageData("\(tessdata.language).traineddata in \(tessdata.directory) does not load")
        }
        _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
        // Taken as 150 dpi whatever the file states: screenshots and renders rarely state a true resolution.
        _ = TessBaseAPISetVariable(api, "user_defined_dpi", "150")
        TessBaseAPISetPageSegMode(api, PSM_AUTO)
    }

    deinit {
        TessBaseAPIEnd(api)
        TessBaseAPIDelete(api)
    }

    /// Reads `image` (or its `region`), stopping between words once `cancellation` is set or
    /// `timeLimit` has passed.
    func recognize(_ image: DecodedImage, region: FrameBox?, cancellation: OCRCancellation, timeLimit: Duration) throws(OCRError) -> OCRResult {
        if let region, !region.isValidRegion {
            throw .invalidRegion("\(region) is not a box inside 0–1000 with x0 < x1 and y0 < y1")
        }
        LibrarySettings.runOpenMPSeriallyOnThisThread()
        TessBaseAPISetImage2(api, image.leptonica.pix)
        defer { TessBaseAPIClear(api) }
        if let region {
            let rect = region.pixelRect(width: image.width, height: image.height)
            TessBaseAPISetRectangle(api, Int32(rect.left), Int32(rect.top), Int32(rect.width), Int32(rect.height))
        }
        let started = ContinuousClock.now
        let status = withExtendedLifetime(cancellation) { () -> Int32 in
            guard let monitor = TessMonitorCreate() else { return -1 }
            defer { TessMonitorDelete(monitor) }
            TessMonitorSetCancelFunc(monitor) { context, _ in
                guard let context else { return false }
                return Unmanaged<OCRCancellation>.fromOpaque(context).takeUnretainedValue().isCancelled
            }
            TessMonitorSetCancelThis(monitor, Unmanaged.passUnretained(cancellation).toOpaque())
            TessMonitorSetDeadlineMSecs(monitor, Int32(clamping: Self.milliseconds(timeLimit)))
            return TessBaseAPIRecognize(api, monitor)
        }
        // Tesseract returns -1 when its cancel callback or its deadline stopped it.
        guard status == 0 else {
            if cancellation.isCancelled { throw .cancelled }
            throw ContinuousClock.now - started >= timeLimit ? .timeLimit(timeLimit) : .recognitionFailed
        }
        let lines = items(RIL_TEXTLINE, width: image.width, height: image.height)
        let words = items(RIL_WORD, width: image.width, height: image.height)
        return OCRResult(
            width: image.width, height: image.height, lines: lines.items, words: words.items, complete: lines.complete && words.complete)
    }

    /// Every non-empty item at `level`, up to `maxWords`, from a result iterator owned here.
    private func items(_ level: TessPageIteratorLevel, width: Int, height: Int) -> (items: [OCRResult.Item], complete: Bool) {
        guard let iterator = TessBaseAPIGetIterator(api) else { return ([], true) }
        defer { TessResultIteratorDelete(iterator) }
        let page = TessResultIteratorGetPageIteratorConst(iterator)
        var found: [OCRResult.Item] = []
        repeat {
            guard let raw = TessResultIteratorGetUTF8Text(iterator, level) else { continue }
            let text = String(cString: raw).trimmingWhitespace
            TessDeleteText(raw)
            var left: Int32 = 0
            var top: Int32 = 0
            var right: Int32 = 0
            var bottom: Int32 = 0
            guard !text.isEmpty, TessPageIteratorBoundingBox(page, level, &left, &top, &right, &bottom) != 0 else { continue }
            guard found.count < maxWords else { return (found, false) }
            let confidence = min(1, max(0, Double(TessResultIteratorConfidence(iterator, level)) / 100))
            let box = FrameBox(left: Int(left), top: Int(top), right: Int(right), bottom: Int(bottom), width: width, height: height)
            found.append(OCRResult.Item(text: text, box: box, confidence: confidence))
        } while TessResultIteratorNext(iterator, level) != 0
        return (found, true)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
