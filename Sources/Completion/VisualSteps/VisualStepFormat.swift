import ModelServices
import ToolSchema
import FlintAPI

/// The shape the model writes its visual reasoning in, for one request's observations:
/// compact JSON `{"steps":[{"cites":["o2",…],"text":…},…],"answer":…}` whose `cites` can
/// only be citable ids of the book (cites come first: the model picks a line, then says
/// what it shows, which small models do far better than the other way round). On llama.cpp the grammar holds the model to it; elsewhere the
/// same schema goes as the backend's JSON-schema output. Either way ``read(_:)`` checks
/// the text against the schema and resolves every citation to its observation's box.
public struct VisualStepFormat: Sendable {
    public let book: ObservationBook
    public let limits: VisualStepLimits
    /// The schema of the answer, as JSON.
    public let schemaJSON: JSONValue
    let schema: JSONSchema

    /// Longest answer text, in characters; `max_tokens` bounds it too.
    static let maxAnswerCharacters = 400

    public init(book: ObservationBook, limits: VisualStepLimits) {
        self.book = book
        self.limits = limits
        self.schemaJSON = Self.schema(ids: book.citableIDs, limits: limits)
        self.schema = Self.compile(schemaJSON)
    }

    /// The schema is built here from bounded parts and always compiles; one that did not
    /// would be a bug of this file (its tests build it for empty and full books).
    private static func compile(_ json: JSONValue) -> JSONSchema {
        if let schema = try? JSONSchema(compiling: json) { return schema }
        preconditionFailure("the visual-step schema does not compile")
    }

    /// The schema as the backend's `response_format`.
    public var responseSchema: ResponseSchema {
        ResponseSchema(name: "visual_steps", schema: schemaJSON)
    }

    /// The llama.cpp GBNF grammar of the schema.
    public var grammar: String {
        ToolGrammar.gbnf(schema: schema)
    }

    /// What the model is told about the shape, for the system prompt.
    public var instructions: String {
        """
        The user's images were read for you: each line of text read in an image has an id (like o2). \
        Answer in steps: each step cites the ids of the lines it uses and says what they show. Then give the answer.
        """
    }

    /// The shape in words, for a model nothing holds to it while it writes.
    var shapeInstructions: String {
        """
        Write only this JSON: {"steps":[{"cites":["o2"],"text":"what the cited lines show"}],"answer":"the answer"}, \
        with 1 to \(limits.maxSteps) steps, each citing 1 to \(limits.maxCitesPerStep) ids of the lines read.
        """
    }

    /// The instructions' size in the prompt (the shape's included, and a vision model's
    /// instructions), for the reservation made before the call.
    public static let instructionBytes = 1_024

    /// The model's steps and answer.
    public struct Reading: Sendable, Equatable {
        public var steps: [ReasoningStep]
        public var answer: String
    }

    /// Why a model's text is not a valid reading.
    public enum Problem: Error, Equatable, Sendable {
        case notJSON(String)
        case violatesSchema(String)
        case unknownCitation(String)
    }

    /// Reads the model's text: parsed, checked against the schema, each citation
    /// resolved. Never returns a step citing a region that is not an observation's.
    public func read(_ text: String) -> Result<Reading, Problem> {
        let steps: [JSONValue]
        let answer: String
        switch Self.parse(text, schema: schema) {
        case .success(let parsed): (steps, answer) = parsed
        case .failure(let problem): return .failure(problem)
        }
        var read: [ReasoningStep] = []
        for (index, step) in steps.enumerated() {
            guard let stepObject = step.objectValue, let stepText = stepObject["text"]?.stringValue, let cites = stepObject["cites"]?.arrayValue else {
                return .failure(.violatesSchema("steps[\(index)] needs text and cites"))
            }
            var refs: [RegionRef] = []
            for cite in cites {
                guard let id = cite.stringValue, let region = book.region(citing: id) else {
                    return .failure(.unknownCitation(cite.stringValue ?? cite.serialized()))
                }
                if !refs.contains(where: { $0.observationID == id }) { refs.append(region) }
            }
            read.append(ReasoningStep(index: UInt32(index), text: stepText, refs: refs))
        }
        return .success(Reading(steps: read, answer: answer))
    }

    /// `text` parsed and checked against `schema`: its steps and answer, for a reader to resolve.
    static func parse(_ text: String, schema: JSONSchema) -> Result<(steps: [JSONValue], answer: String), Problem> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            return .failure(.notJSON("\(error)"))
        }
        if let violation = schema.validate(value, maxViolations: 1).first {
            return .failure(.violatesSchema("\(violation)"))
        }
        guard let object = value.objectValue, let steps = object["steps"]?.arrayValue, let answer = object["answer"]?.stringValue else {
            return .failure(.violatesSchema("steps and answer are required"))
        }
        return .success((steps, answer))
    }

    static func schema(ids: [String], limits: VisualStepLimits) -> JSONValue {
        func object(_ members: [(String, JSONValue)]) -> JSONValue {
            .object(JSONObject(members: members.map { (key: $0.0, value: $0.1) })!)
        }
        func integer(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }
        // With nothing observed there is nothing to cite: the answer comes without steps.
        let maxSteps = ids.isEmpty ? 0 : limits.maxSteps
        let cite: JSONValue = object([("enum", .array(ids.map { .string($0) }))])
        let step = object([
            ("type", .string("object")),
            (
                "properties",
                object([
                    (
                        "cites",
                        object([
                            ("type", .string("array")), ("minItems", integer(1)), ("maxItems", integer(limits.maxCitesPerStep)), ("items", cite),
                        ])
                    ),
                    ("text", object([("type", .string("string")), ("minLength", integer(1)), ("maxLength", integer(limits.maxStepCharacters))])),
                ])
            ),
            ("required", .array([.string("cites"), .string("text")])),
            ("additionalProperties", .bool(false)),
        ])
        return object([
            ("type", .string("object")),
            (
                "properties",
                object([
                    (
                        "steps",
                        object([
                            ("type", .string("array")), ("minItems", integer(min(1, maxSteps))), ("maxItems", integer(maxSteps)),
                            ("items", ids.isEmpty ? .bool(false) : step),
                        ])
                    ),
                    ("answer", object([("type", .string("string")), ("minLength", integer(1)), ("maxLength", integer(maxAnswerCharacters))])),
                ])
            ),
            ("required", .array([.string("steps"), .string("answer")])),
            ("additionalProperties", .bool(false)),
        ])
    }
}
