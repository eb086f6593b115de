internal import CTesseract

/// Decodes PNG, JPEG, WebP and GIF files for OCR: the header is read first and its size held
/// to the pixel budget before anything is decoded; the decoded size must match the header;
/// the EXIF orientation is applied, so the result is the image as displayed, in 8-bit grey.
public struct ImageDecoder: Sendable {
    public let limits: OCRPixelLimits

    public init(limits: OCRPixelLimits = OCRPixelLimits()) {
        self.limits = limits
        LibrarySettings.apply()
    }

    /// The image in `bytes`, turned by `orientation` (EXIF 1–8), in 8-bit grey.
    public func decode(_ bytes: [UInt8], orientation: Int = 1) throws(OCRError) -> DecodedImage {
        guard let turn = ImageOrientation(exifValue: orientation) else { throw .invalidOrientation(orientation) }
        let result: Result<LeptonicaImage, OCRError> = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return .failure(.unreadableHeader) }
            do throws(OCRError) {
                return .success(try decode(base, count: buffer.count))
            } catch {
                return .failure(error)
            }
        }
        let stored = try result.get()
        guard let opaque = stored.samplesPerPixel == 4 ? LeptonicaImage(owning: pixAlphaBlendUniform(stored.pix, 0xFFFF_FF00)) : stored,
            let grey = LeptonicaImage(owning: pixConvertTo8(opaque.pix, 0)),
            let displayed = turn.displayed(grey)
        else { throw .corrupt }
        return DecodedImage(displayed)
    }

    private func decode(_ data: UnsafePointer<UInt8>, count: Int) throws(OCRError) -> LeptonicaImage {
        try checkGIF(UnsafeBufferPointer(start: data, count: count))
        // The format from the magic bytes first: Leptonica reads some other formats' headers by decoding.
        var format: Int32 = 0
        guard count >= 12, findFileFormatBuffer(data, &format) == 0 else { throw .unreadableHeader }
        guard [IFF_PNG, IFF_JFIF_JPEG, IFF_GIF, IFF_WEBP].contains(Int(format)) else {
            throw .unsupportedFormat("not PNG, JPEG, WebP or GIF (Leptonica format \(format))")
        }
        var width: Int32 = 0
        var height: Int32 = 0
        var bitsPerSample: Int32 = 0
        var samples: Int32 = 0
        var colormapped: Int32 = 0
        guard pixReadHeaderMem(data, count, &format, &width, &height, &bitsPerSample, &samples, &colormapped) == 0 else {
            throw .unreadableHeader
        }
        guard limits.admits(width: Int(width), height: Int(height)) else {
            throw .overPixelBudget(width: Int(width), height: Int(height), limits: limits)
        }
        let image: LeptonicaImage?
        switch Int(format) {
        case IFF_PNG:
            image = LeptonicaImage(owning: pixReadMemPng(data, count))
        case IFF_JFIF_JPEG:
            var warnings: Int32 = 0
            let decoded = LeptonicaImage(owning: pixReadMemJpeg(data, count, 0, 1, &warnings, 0))
            // libjpeg fills a truncated scan with grey and warns: that is corrupt data.
            image = warnings == 0 ? decoded : nil
        case IFF_GIF:
            image = LeptonicaImage(owning: pixReadMemGif(data, count))
        case IFF_WEBP:
            image = LeptonicaImage(owning: pixReadMemWebP(data, count))
        default:
            image = nil
        }
        guard let image else { throw .corrupt }
        guard image.width == Int(width), image.height == Int(height) else {
            throw .headerMismatch(header: "\(width)×\(height)", decoded: "\(image.width)×\(image.height)")
        }
        return image
    }

    /// A GIF's logical screen and all its frames together within the budget (Leptonica
    /// decodes every frame); a GIF whose blocks do not parse is corrupt.
    private func checkGIF(_ data: UnsafeBufferPointer<UInt8>) throws(OCRError) {
        guard data.count >= 4, data[0] == 0x47, data[1] == 0x49, data[2] == 0x46, data[3] == 0x38 else { return }
        guard let gif = GIFFrames.sizes(data) else { throw .corrupt }
        for size in [gif.screen] + gif.frames where !limits.admits(width: size.width, height: size.height) {
            throw .overPixelBudget(width: size.width, height: size.height, limits: limits)
        }
        let total = gif.frames.reduce(0) { $0 + $1.width * $1.height }
        guard total <= limits.maxPixels else {
            throw .framesOverPixelBudget(frames: gif.frames.count, pixels: total, limits: limits)
        }
    }
}
