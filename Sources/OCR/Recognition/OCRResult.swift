/// What OCR read in one image: its words and lines with their boxes on the 0–1000 frame of
/// the displayed image, and Tesseract's confidence in each (0–1).
public struct OCRResult: Sendable, Equatable {
    /// One word or one line.
    public struct Item: Sendable, Equatable {
        public var text: String
        public var box: FrameBox
        /// 0 (a guess) to 1 (certain).
        public var confidence: Double

        public init(text: String, box: FrameBox, confidence: Double) {
            self.text = text
            self.box = box
            self.confidence = confidence
        }
    }

    /// The displayed image's size in pixels.
    public var width: Int
    public var height: Int
    /// The lines, top to bottom as Tesseract reads them.
    public var lines: [Item]
    /// The words, in reading order.
    public var words: [Item]
    /// False when the image had more than the word limit and the rest was left out.
    public var complete: Bool

    public init(width: Int, height: Int, lines: [Item], words: [Item], complete: Bool = true) {
        self.width = width
        self.height = height
        self.lines = lines
        self.words = words
        self.complete = complete
    }

    /// The lines' text, one a line.
    public var text: String {
        lines.map(\.text).joined(separator: "\n")
    }
}
