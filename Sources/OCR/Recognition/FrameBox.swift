/// A box on the 0–1000 frame of the displayed image, x first: (`x0`, `y0`) its top-left
/// corner, (`x1`, `y1`) its bottom-right, 0 the left or top edge and 1000 the right or bottom.
public struct FrameBox: Sendable, Hashable, CustomStringConvertible {
    public var x0: Int
    public var y0: Int
    public var x1: Int
    public var y1: Int

    public init(x0: Int, y0: Int, x1: Int, y1: Int) {
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
    }

    /// The frame box of a pixel box (`right` and `bottom` exclusive) of a `width`×`height`
    /// image: the edges rounded outwards, so the box covers every pixel it came from.
    init(left: Int, top: Int, right: Int, bottom: Int, width: Int, height: Int) {
        func down(_ value: Int, _ size: Int) -> Int { min(1000, max(0, value * 1000 / size)) }
        func up(_ value: Int, _ size: Int) -> Int { min(1000, max(0, (value * 1000 + size - 1) / size)) }
        self.init(x0: down(left, width), y0: down(top, height), x1: up(right, width), y1: up(bottom, height))
    }

    /// Checked as a region: inside 0–1000, with area.
    public var isValidRegion: Bool {
        (0...1000).contains(x0) && (0...1000).contains(y0) && (0...1000).contains(x1) && (0...1000).contains(y1) && x0 < x1 && y0 < y1
    }

    /// The pixels this box covers in a `width`×`height` image, rounded outwards, at least one.
    func pixelRect(width: Int, height: Int) -> (left: Int, top: Int, width: Int, height: Int) {
        let left = x0 * width / 1000
        let top = y0 * height / 1000
        let right = max(left + 1, min(width, (x1 * width + 999) / 1000))
        let bottom = max(top + 1, min(height, (y1 * height + 999) / 1000))
        return (left, top, right - left, bottom - top)
    }

    /// Intersection over union with `other`: 0 when they do not overlap, 1 when equal.
    public func intersectionOverUnion(_ other: FrameBox) -> Double {
        let width = max(0, min(x1, other.x1) - max(x0, other.x0))
        let height = max(0, min(y1, other.y1) - max(y0, other.y0))
        let intersection = Double(width * height)
        let union = Double((x1 - x0) * (y1 - y0) + (other.x1 - other.x0) * (other.y1 - other.y0)) - intersection
        return union > 0 ? intersection / union : 0
    }

    /// `[x0,y0,x1,y1]`.
    public var description: String { "[\(x0),\(y0),\(x1),\(y1)]" }
}
