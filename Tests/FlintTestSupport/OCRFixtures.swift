import Foundation

/// The OCR test images in Tests/Fixtures/ocr (rendered by scripts/render-ocr-fixtures.sh)
/// and their ground truth: every word drawn, with its box on the 0–1000 frame of the
/// displayed image.
public enum OCRFixtures {
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/ocr")

    /// The bytes of the fixture file `name`.
    public static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// What an image shows: its displayed size, its EXIF orientation, its words.
    public struct Truth: Decodable, Sendable {
        public struct Word: Decodable, Sendable {
            public let text: String
            /// `[x0, y0, x1, y1]` on the 0–1000 frame.
            public let box: [Int]
        }

        public let width: Int
        public let height: Int
        public let orientation: Int
        public let words: [Word]
    }

    /// The ground truth of the image `name`.
    public static func truth(_ name: String) throws -> Truth {
        let all = try JSONDecoder().decode([String: Truth].self, from: Data(contentsOf: directory.appendingPathComponent("ground-truth.json")))
        guard let truth = all[name] else { throw MissingFixture(name: name) }
        return truth
    }

    public struct MissingFixture: Error {
        public let name: String
    }
}
