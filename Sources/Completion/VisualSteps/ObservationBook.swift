import FlintAPI

/// A request's observations, numbered `o1`, `o2`, … in image order (`m1`, `m2`, … for the
/// regions a vision model gave), with the one lookup every citation goes through: a step
/// can only cite an id that is here.
public struct ObservationBook: Sendable, Equatable {
    public private(set) var observations: [Observation] = []
    private var byID: [String: Int] = [:]
    /// The ids' letter: "o" for what Flint read, "m" for what a model saw.
    public let idPrefix: String

    public init(idPrefix: String = "o") {
        self.idPrefix = idPrefix
    }

    /// Adds what was seen in image `imageIndex`; returns the observation with its new id.
    @discardableResult
    public mutating func add(imageIndex: UInt32, box: Box, text: String, confidence: Float, source: String) -> Observation {
        let observation = Observation(
            id: "\(idPrefix)\(observations.count + 1)", imageIndex: imageIndex, box: box, text: text, confidence: min(1, max(0, confidence)), source: source)
        byID[observation.id] = observations.count
        observations.append(observation)
        return observation
    }

    public subscript(id: String) -> Observation? {
        byID[id].map { observations[$0] }
    }

    /// The ids a reasoning step may cite: observations of a region (OCR lines, a vision
    /// model's boxes), not the facts about a whole image.
    public var citableIDs: [String] {
        observations.filter { $0.source != Observation.Source.image }.map(\.id)
    }

    /// The region a step cites, or nil when no citable observation has that id.
    public func region(citing id: String) -> RegionRef? {
        guard let observation = self[id], observation.source != Observation.Source.image else { return nil }
        return RegionRef(observationID: observation.id, imageIndex: observation.imageIndex, box: observation.box)
    }

    /// Image `imageIndex` as the model reads it: a heading with its facts, then each
    /// line read in it under its id (`o3: TOTAL 12.50`). Boxes are left out: they are for
    /// people and the response, and small models read the lines better without them.
    public func listing(imageIndex: UInt32) -> String {
        let own = observations.filter { $0.imageIndex == imageIndex }
        let facts = own.filter { $0.source == Observation.Source.image }.map(\.text).joined(separator: "; ")
        let lines = own.filter { $0.source != Observation.Source.image }.map { "\($0.id): \($0.text)" }
        let heading = "[Image \(imageIndex)" + (facts.isEmpty ? "" : ": \(facts)")
        guard !lines.isEmpty else { return heading + ". No text was read in it.]\n" }
        return heading + ". Text read in it, line by line:]\n" + lines.joined(separator: "\n") + "\n[End of image \(imageIndex)]\n"
    }
}
