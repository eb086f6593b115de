import Testing
import FlintAPI

/// Boxes of other conventions land on Flint's frame (0–1000, x first) or are refused.
@Suite struct BoxConventionTests {
    @Test func pixelsOfAResizedImage() {
        #expect(Box(pixelsX0: 0, y0: 0, x1: 640, y1: 480, width: 640, height: 480) == .whole)
        #expect(Box(pixelsX0: 64, y0: 240, x1: 320, y1: 480, width: 640, height: 480) == Box(x0: 100, y0: 500, x1: 500, y1: 1000))
        #expect(Box(pixelsX0: 0.4, y0: 0, x1: 1, y1: 1, width: 1000, height: 1000) == Box(x0: 0, y0: 0, x1: 1, y1: 1))
    }

    @Test func yFirstThousandths() {
        #expect(Box(yFirstThousandths: [100, 200, 300, 400]) == Box(x0: 200, y0: 100, x1: 400, y1: 300))
        #expect(Box(xFirstThousandths: [100, 200, 300, 400]) == Box(x0: 100, y0: 200, x1: 300, y1: 400))
    }

    @Test(arguments: [
        [0, 0, 641, 10], [-1, 0, 10, 10], [20, 0, 10, 10], [0, 30, 10, 20], [Double.nan, 0, 1, 1], [0, 0, Double.infinity, 1],
    ])
    func outOfBoundsOrDisorderedBoxesAreRefused(_ values: [Double]) {
        #expect(Box(pixelsX0: values[0], y0: values[1], x1: values[2], y1: values[3], width: 640, height: 480) == nil)
    }

    @Test func wrongShapesAreRefused() {
        #expect(Box(yFirstThousandths: [1, 2, 3]) == nil)
        #expect(Box(yFirstThousandths: [0, 0, 1001, 5]) == nil)
        #expect(Box(pixelsX0: 0, y0: 0, x1: 1, y1: 1, width: 0, height: 10) == nil)
        #expect(!Box(x0: 5, y0: 0, x1: 4, y1: 1).isValid)
        #expect(!Box(x0: 0, y0: 0, x1: 1001, y1: 1).isValid)
        #expect(Box.whole.isValid)
    }
}
