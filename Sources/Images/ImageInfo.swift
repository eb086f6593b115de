/// What the header and structure of an image file say, read without decoding a pixel.
public struct ImageInfo: Hashable, Sendable {
    public var format: ImageFormat
    /// The pixel grid as stored in the file.
    public var width: Int
    public var height: Int
    /// The EXIF orientation, 1 to 8 (1 when the file has none): 5 to 8 turn the image a
    /// quarter, so it is displayed `height` wide and `width` high.
    public var orientation: Int
    /// More than one frame: APNG, a multi-frame GIF, an animated WebP.
    public var isAnimated: Bool
    /// Size of the file in bytes.
    public var byteCount: Int

    public init(format: ImageFormat, width: Int, height: Int, orientation: Int = 1, isAnimated: Bool = false, byteCount: Int) {
        self.format = format
        self.width = width
        self.height = height
        self.orientation = orientation
        self.isAnimated = isAnimated
        self.byteCount = byteCount
    }

    /// True when the orientation turns the image a quarter (EXIF 5 to 8).
    public var isQuarterTurned: Bool { (5...8).contains(orientation) }

    /// The image as a person sees it, orientation applied: the frame boxes refer to.
    public var displayedWidth: Int { isQuarterTurned ? height : width }
    public var displayedHeight: Int { isQuarterTurned ? width : height }
}
