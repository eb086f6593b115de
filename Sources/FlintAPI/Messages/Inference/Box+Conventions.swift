/// Boxes written in other conventions, converted to Flint's frame (0–1000 of the image as
/// displayed, x first) here and nowhere else. Each conversion refuses (nil) a box outside
/// its image or with its corners out of order; coordinates round to the nearest unit.
extension Box {
    /// A box of absolute pixels, x first, on an image of `width` × `height` pixels (the
    /// image as someone saw it: a backend's resized copy, or the decoded original).
    public init?(pixelsX0 x0: Double, y0: Double, x1: Double, y1: Double, width: Int, height: Int) {
        guard width > 0, height > 0 else { return nil }
        let w = Double(width)
        let h = Double(height)
        self.init(unitX0: x0 / w, y0: y0 / h, x1: x1 / w, y1: y1 / h)
    }

    /// A box on a 0–1000 scale written y first, `[y0, x0, y1, x1]`.
    public init?(yFirstThousandths values: [Double]) {
        guard values.count == 4 else { return nil }
        self.init(unitX0: values[1] / 1000, y0: values[0] / 1000, x1: values[3] / 1000, y1: values[2] / 1000)
    }

    /// A box on a 0–1000 scale written x first, `[x0, y0, x1, y1]` (Flint's own order).
    public init?(xFirstThousandths values: [Double]) {
        guard values.count == 4 else { return nil }
        self.init(unitX0: values[0] / 1000, y0: values[1] / 1000, x1: values[2] / 1000, y1: values[3] / 1000)
    }

    /// A box of fractions of the image's width and height, x first.
    public init?(unitX0 x0: Double, y0: Double, x1: Double, y1: Double) {
        let values = [x0, y0, x1, y1]
        guard values.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1 }), x0 <= x1, y0 <= y1 else { return nil }
        func scaled(_ value: Double) -> UInt32 { UInt32((value * Double(Box.scale)).rounded()) }
        self.init(x0: scaled(x0), y0: scaled(y0), x1: scaled(x1), y1: scaled(y1))
    }
}
