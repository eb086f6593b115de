import ModelServices
import ToolSchema
import FlintAPI

/// The shape a vision model writes its visual reasoning in, through the backend's
/// JSON-schema output: `{"steps":[{"regions":[{"image":0,"box":[…4 numbers…],"label":…}],
/// "text":…}],"answer":…}`, boxes in the model's own convention. ``read(_:)`` checks the
/// text against the schema, converts every box to Flint's frame, refuses every box outside
/// its image or out of order (the region is left out, with a note in its step), and turns
/// each region kept into an observation (`m1`, `m2`, …, source "model") that the step cites.
public struct VisionStepFormat: Sendable {
    /// Each image's displayed size, in `image_index` order.
    public let imageSizes: [(width: Int, height: Int)]
    public let convention: BoxConvention
    public let limits: VisualStepLimits
    /// The schema of the answer, as JSON.
    public let schemaJSON: JSONValue
    let schema: JSONSchema

    public init(images: [PreparedImage], convention: BoxConvention, limits: VisualStepLimits) {
        self.imageSizes = images.map { ($0.info.displayedWidth, $0.info.displayedHeight) }
        self.convention = convention
        self.limits = limits
        self.schemaJSON = Self.schema(imageCount: images.count, limits: limits)
        if let schema = try? JSONSchema(compiling: schemaJSON) {
            self.schema = schema
        } else {
            // Built here from bounded parts; its tests compile it for one image and for the most.
            preconditionFailure("the vision-step schema does not compile")
        }
    }

    /// The schema as the backend's `response_format`.
    public var responseSchema: ResponseSchema {
        ResponseSchema(name: "visual_steps", schema: schemaJSON)
    }

    /// What the model is told, for the system prompt (at most ``VisualStepFormat/instructionBytes``).
    public var instructions: String {
        """
        Look at the user's images, numbered from 0 in the order they come, and answer in steps. \
        Each step gives the regions of the images it is about (the image's number, a box around the region, \
        and a short label of what is there) and says what they show. Then give the answer. \
        Write each box as \(convention.instructions).
        """
    }

    /// The observations the regions became, the steps citing them, and the answer.
    public struct Reading: Sendable, Equatable {
        public var book: ObservationBook
        public var steps: [ReasoningStep]
        public var answer: String
    }

    /// Reads the model's text. Never returns a region whose box is not inside its image.
    public func read(_ text: String) -> Result<Reading, VisualStepFormat.Problem> {
        let steps: [JSONValue]
        let answer: String
        switch VisualStepFormat.parse(text, schema: schema) {
        case .success(let parsed): (steps, answer) = parsed
        case .failure(let problem): return .failure(problem)
        }
        var book = ObservationBook(idPrefix: "m")
        var read: [ReasoningStep] = []
        for (index, step) in steps.enumerated() {
            guard let stepObject = step.objectValue, var stepText = stepObject["text"]?.stringValue,
                let regions = stepObject["regions"]?.arrayValue
            else {
                return .failure(.violatesSchema("steps[\(index)] needs regions and text"))
            }
            var refs: [RegionRef] = []
            var notes: [String] = []
            for region in regions {
                guard let fields = region.objectValue, let image = fields["image"]?.intValue, imageSizes.indices.contains(image),
                    let label = fields["label"]?.stringValue, let numbers = fields["box"]?.arrayValue
                else {
                    return .failure(.violatesSchema("steps[\(index)].regions needs image, box and label"))
                }
                let size = imageSizes[image]
                let values = numbers.compactMap(\.doubleValue)
                guard let box = convention.box(values, width: size.width, height: size.height) else {
                    notes.append("box \(fields["box"]!.serialized()) (\(convention.name)) is not inside image \(image) with its corners in order")
                    continue
                }
                let text = VisualStepPrompt.observationText(label, maxBytes: limits.maxObservationTextBytes)
                let observation =
                    book.observations.first { $0.imageIndex == UInt32(image) && $0.box == box && $0.text == text }
                    ?? book.add(imageIndex: UInt32(image), box: box, text: text, confidence: 0, source: Observation.Source.model)
                if !refs.contains(where: { $0.observationID == observation.id }) {
                    refs.append(RegionRef(observationID: observation.id, imageIndex: observation.imageIndex, box: observation.box))
                }
            }
            if !notes.isEmpty { stepText += " (a region was left out: \(notes.joined(separator: "; ")))" }
            read.append(ReasoningStep(index: UInt32(index), text: stepText, refs: refs))
        }
        return .success(Reading(book: book, steps: read, answer: answer))
    }

    static func schema(imageCount: Int, limits: VisualStepLimits) -> JSONValue {
        let count = { (value: Int) in JSONValue.number(JSONNumber(value)) }
        let region: JSONValue = [
            "type": "object",
            "properties": [
                "image": ["type": "integer", "minimum": 0, "maximum": count(max(0, imageCount - 1))],
                "box": ["type": "array", "minItems": 4, "maxItems": 4, "items": ["type": "number", "minimum": 0]],
                "label": ["type": "string", "minLength": 1, "maxLength": count(limits.maxObservationTextBytes)],
            ],
            "required": ["image", "box", "label"],
            "additionalProperties": false,
        ]
        let step: JSONValue = [
            "type": "object",
            "properties": [
                "regions": ["type": "array", "minItems": 1, "maxItems": count(limits.maxCitesPerStep), "items": region],
                "text": ["type": "string", "minLength": 1, "maxLength": count(limits.maxStepCharacters)],
            ],
            "required": ["regions", "text"],
            "additionalProperties": false,
        ]
        return [
            "type": "object",
            "properties": [
                "steps": ["type": "array", "minItems": 1, "maxItems": count(limits.maxSteps), "items": step],
                "answer": ["type": "string", "minLength": 1, "maxLength": count(VisualStepFormat.maxAnswerCharacters)],
            ],
            "required": ["steps", "answer"],
            "additionalProperties": false,
        ]
    }
}
