/// The bounds every image of a request is checked against, per model (the models file
/// can change them; ListModels lists them). The defaults here are the only definition
/// of the defaults; docs/IMAGES.md lists them.
public struct ImageLimits: Hashable, Sendable {
    /// The shortest side an image may have, in pixels: 1 (fixed).
    public static let minimumSide = 1

    /// Longest side, in pixels (stored, which is displayed turned or not).
    public var maxSide: Int
    /// Most pixels (width × height).
    public var maxPixels: Int
    /// Largest image file, in bytes.
    public var maxImageBytes: Int
    /// Most images in one request, tool results' images included.
    public var maxImagesPerRequest: Int
    /// Most bytes of images in one request, all images together.
    public var maxRequestBytes: Int

    public init(
        maxSide: Int = 8_000, maxPixels: Int = 40_000_000, maxImageBytes: Int = 5 << 20, maxImagesPerRequest: Int = 20,
        maxRequestBytes: Int = 32 << 20
    ) {
        self.maxSide = maxSide
        self.maxPixels = maxPixels
        self.maxImageBytes = maxImageBytes
        self.maxImagesPerRequest = maxImagesPerRequest
        self.maxRequestBytes = maxRequestBytes
    }

    /// Refuses an inspected image that is animated, or whose sides or pixels are out of bounds.
    public func check(_ info: ImageInfo) throws(ImageRefusal) {
        guard info.width >= Self.minimumSide, info.height >= Self.minimumSide, info.width <= maxSide, info.height <= maxSide else {
            throw ImageRefusal(.sideOutOfRange, "the image is \(info.width)×\(info.height) px; each side must be \(Self.minimumSide) to \(maxSide) px")
        }
        let pixels = info.width * info.height
        guard pixels <= maxPixels else {
            throw ImageRefusal(.tooManyPixels, "the image is \(info.width)×\(info.height) = \(pixels) px; at most \(maxPixels) px are accepted")
        }
        guard !info.isAnimated else {
            throw ImageRefusal(.animated, "the \(info.format.displayName) image is animated; only still images are accepted")
        }
    }
}
