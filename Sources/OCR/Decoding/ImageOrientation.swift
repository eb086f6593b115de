internal import CTesseract

/// An EXIF orientation (1–8): how the stored pixels turn into the image as displayed.
/// Everything OCR reports refers to the displayed image.
public struct ImageOrientation: Sendable, Hashable {
    /// The EXIF value, 1 to 8.
    public let exifValue: Int

    /// Stored as displayed.
    public static let upright = ImageOrientation(checked: 1)

    /// The orientation of an EXIF value; nil outside 1–8.
    public init?(exifValue: Int) {
        guard (1...8).contains(exifValue) else { return nil }
        self.exifValue = exifValue
    }

    private init(checked value: Int) {
        self.exifValue = value
    }

    /// `stored` turned to display: a new image, or nil when Leptonica fails.
    ///
    /// 2 mirrors left–right, 3 turns 180°, 4 mirrors top–bottom, 5 transposes, 6 turns 90°
    /// clockwise, 7 transverses, 8 turns 90° counter-clockwise.
    func displayed(_ stored: LeptonicaImage) -> LeptonicaImage? {
        let pix = stored.pix
        switch exifValue {
        case 2: return LeptonicaImage(owning: pixFlipLR(nil, pix))
        case 3: return LeptonicaImage(owning: pixRotateOrth(pix, 2))
        case 4: return LeptonicaImage(owning: pixFlipTB(nil, pix))
        case 5: return LeptonicaImage(owning: pixRotateOrth(pix, 1)).flatMap { LeptonicaImage(owning: pixFlipLR(nil, $0.pix)) }
        case 6: return LeptonicaImage(owning: pixRotateOrth(pix, 1))
        case 7: return LeptonicaImage(owning: pixRotateOrth(pix, 1)).flatMap { LeptonicaImage(owning: pixFlipTB(nil, $0.pix)) }
        case 8: return LeptonicaImage(owning: pixRotateOrth(pix, 3))
        default: return stored
        }
    }
}
