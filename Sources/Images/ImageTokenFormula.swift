/// How many prompt tokens an image counts for: the displayed image scaled down (never up)
/// so that its longer side is at most `maxSide`, then ⌈w / patchSide⌉ · ⌈h / patchSide⌉.
/// The scaled sides round up, so the count is never below the formula's exact value.
/// Per model (the models file can change both values); CountTokens and admission use it.
public struct ImageTokenFormula: Hashable, Sendable {
    /// Pixels per side of one token's patch.
    public var patchSide: Int
    /// The longest side the model sees, in pixels.
    public var maxSide: Int

    public init(patchSide: Int = 28, maxSide: Int = 896) {
        self.patchSide = patchSide
        self.maxSide = maxSide
    }

    public func tokens(for info: ImageInfo) -> Int {
        tokens(width: info.displayedWidth, height: info.displayedHeight)
    }

    public func tokens(width: Int, height: Int) -> Int {
        let scaled = Self.scaledDown(width: width, height: height, maxSide: maxSide)
        return Self.ceilingDivide(scaled.width, patchSide) * Self.ceilingDivide(scaled.height, patchSide)
    }

    /// A `width` × `height` image scaled down (never up) so that its longer side is at most
    /// `maxSide`, each side rounded up (at least 1): the size a model that resizes its input
    /// sees.
    public static func scaledDown(width: Int, height: Int, maxSide: Int) -> (width: Int, height: Int) {
        let longest = max(width, height, 1)
        var (scaledWidth, scaledHeight) = (max(width, 1), max(height, 1))
        if longest > maxSide {
            scaledWidth = max(1, (scaledWidth * maxSide + longest - 1) / longest)
            scaledHeight = max(1, (scaledHeight * maxSide + longest - 1) / longest)
        }
        return (scaledWidth, scaledHeight)
    }

    /// The most one image can count for: a square at the maximum side.
    public var maximumTokens: Int { tokens(width: maxSide, height: maxSide) }

    private static func ceilingDivide(_ value: Int, _ divisor: Int) -> Int {
        (value + divisor - 1) / divisor
    }
}
