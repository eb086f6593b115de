internal import CTesseract

/// One Leptonica image, owned: destroyed when this value goes. The only holder of a `PIX`
/// pointer; it never leaves the OCR module.
final class LeptonicaImage {
    let pix: UnsafeMutablePointer<PIX>

    /// Takes ownership of `pix`; nil when Leptonica returned none.
    init?(owning pix: UnsafeMutablePointer<PIX>?) {
        guard let pix else { return nil }
        self.pix = pix
    }

    deinit {
        var pointer: UnsafeMutablePointer<PIX>? = pix
        pixDestroy(&pointer)
    }

    var width: Int { Int(pixGetWidth(pix)) }
    var height: Int { Int(pixGetHeight(pix)) }
    var depth: Int { Int(pixGetDepth(pix)) }
    var samplesPerPixel: Int { Int(pixGetSpp(pix)) }
}
