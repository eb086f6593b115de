import ToolSchema
import Wire

/// A request's observations, numbered `o1`, `o2`, … in image order, with the one lookup
/// every citation goes through: a step can only cite an id that is here.
public struct ObservationBook: Sendable, Equatable {
    public private(set) var observations: [Observation] = []
    private var byID: [String: Int] = [:]

    public init() {}

    /// Adds what was seen in image `imageIndex`; returns the observation with its new id.
    @discardableResult
    public mutating func add(imageIndex: UInt32, box: Box, text: String, confidence: Float, source: String) -> Observation {
        let observation = Observation(
            id: "o\(observations.count + 1)", imageIndex: imageIndex, box: box, text: text, confidence: min(1, max(0, confidence)), source: source)
        byID[observation.id] = observations.count
        observations.append(observation)
        return observation
    }

    public subscript(id: String) -> Observation? {
        byID[id].map { observations[$0] }
    }

    public var ids: [String] { observations.map(\.id) }

    /// The region a step cites, or nil when no observation has that id.
    public func region(citing id: String) -> RegionRef? {
        self[id].map { RegionRef(observationID: $0.id, imageIndex: $0.imageIndex, box: $0.box) }
    }

    /// The observations of image `imageIndex` as the model reads them, one per line:
    /// `o3 box 120,340,560,380: "TOTAL 12.50"`.
    public func listing(imageIndex: UInt32) -> String {
        observations.filter { $0.imageIndex == imageIndex }.map { observation in
            let box = observation.box ?? .whole
            return "\(observation.id) box \(box.x0),\(box.y0),\(box.x1),\(box.y1): \(JSONValue.string(observation.text).serialized())"
        }.joined(separator: "\n")
    }
}
