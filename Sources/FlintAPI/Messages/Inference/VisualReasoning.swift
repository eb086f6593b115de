/// A region of an image (proto `flint.v1.Box`): a box on a 0–1000 scale of the image as
/// displayed (EXIF orientation applied), x first. (`x0`, `y0`) is the top-left corner and
/// (`x1`, `y1`) the bottom-right.
public struct Box: Sendable, Hashable {
    /// The scale's extent: coordinates run from 0 to `Box.scale`.
    public static let scale: UInt32 = 1000

    public var x0: UInt32
    public var y0: UInt32
    public var x1: UInt32
    public var y1: UInt32

    public init(x0: UInt32 = 0, y0: UInt32 = 0, x1: UInt32 = 0, y1: UInt32 = 0) {
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
    }

    /// The whole image.
    public static let whole = Box(x0: 0, y0: 0, x1: scale, y1: scale)

    /// True when the corners are ordered and inside the 0–1000 frame.
    public var isValid: Bool {
        x0 <= x1 && y0 <= y1 && x1 <= Self.scale && y1 <= Self.scale
    }
}

/// Something Flint or the model saw in an image (proto `flint.v1.Observation`).
public struct Observation: Sendable, Equatable {
    /// The values of `source`.
    public enum Source {
        /// Text Tesseract read: a line, with its box.
        public static let ocr = "ocr"
        /// A fact read from the image file itself (size, orientation), for the whole image.
        public static let image = "image"
        /// What a vision model said it saw, with the box it gave.
        public static let model = "model"
    }

    /// Unique within the response, e.g. "o3"; reasoning steps cite it.
    public var id: String
    /// Which image: counts every `ImagePart` of the request in order, tool-result images included.
    public var imageIndex: UInt32
    /// Where in that image.
    public var box: Box?
    /// What was seen: the text read, or a fact about the image.
    public var text: String
    /// How sure the source is, from 0 to 1.
    public var confidence: Float
    /// Who saw it: "ocr", "image" or "model".
    public var source: String

    public init(id: String = "", imageIndex: UInt32 = 0, box: Box? = nil, text: String = "", confidence: Float = 0, source: String = "") {
        self.id = id
        self.imageIndex = imageIndex
        self.box = box
        self.text = text
        self.confidence = confidence
        self.source = source
    }
}

/// A region a reasoning step is about: an observation's box (proto `flint.v1.RegionRef`).
public struct RegionRef: Sendable, Equatable {
    /// The `Observation.id` cited.
    public var observationID: String
    /// That observation's image index.
    public var imageIndex: UInt32
    /// That observation's box.
    public var box: Box?

    public init(observationID: String = "", imageIndex: UInt32 = 0, box: Box? = nil) {
        self.observationID = observationID
        self.imageIndex = imageIndex
        self.box = box
    }
}

/// One step of visual reasoning (proto `flint.v1.ReasoningStep`).
public struct ReasoningStep: Sendable, Equatable {
    /// 0 for the first step of the response, then 1, 2, …
    public var index: UInt32
    /// What the model concluded in this step.
    public var text: String
    /// The regions the step is about; every one is a real observation's box.
    public var refs: [RegionRef]

    public init(index: UInt32 = 0, text: String = "", refs: [RegionRef] = []) {
        self.index = index
        self.text = text
        self.refs = refs
    }
}
