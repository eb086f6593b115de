internal import CTesseract

/// An image as displayed (EXIF orientation applied), in 8-bit grey, ready for OCR.
public final class DecodedImage {
    let leptonica: LeptonicaImage

    init(_ leptonica: LeptonicaImage) {
        self.leptonica = leptonica
    }

    /// Width and height as displayed, in pixels.
    public var width: Int { leptonica.width }
    public var height: Int { leptonica.height }

    /// The grey level (0 black – 255 white) at (`x`, `y`) of the displayed image; nil outside it.
    public func grey(x: Int, y: Int) -> UInt8? {
        guard (0..<width).contains(x), (0..<height).contains(y) else { return nil }
        var value: UInt32 = 0
        guard pixGetPixel(leptonica.pix, Int32(x), Int32(y), &value) == 0 else { return nil }
        return UInt8(truncatingIfNeeded: value)
    }
}
