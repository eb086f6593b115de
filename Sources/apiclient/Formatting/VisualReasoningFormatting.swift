import FlintAPI

/// How observations and reasoning steps read in a terminal and in `--json`.
enum VisualReasoningFormatting {
    /// `◉ o3  image 0 [120,340 560,380]  "TOTAL 12.50"  (ocr, 0.93)`
    static func describe(_ observation: Observation) -> String {
        let confidence = (Double(observation.confidence) * 100).rounded() / 100
        return "◉ \(observation.id)  image \(observation.imageIndex) \(describe(observation.box))  \"\(observation.text)\"  (\(observation.source), \(confidence))"
    }

    /// `Step 1: The total line reads 12.50.  ← o3 image 0 [120,340 560,380]`
    static func describe(_ step: ReasoningStep) -> String {
        let refs = step.refs.map { "\($0.observationID) image \($0.imageIndex) \(describe($0.box))" }
        return "Step \(step.index + 1): \(step.text)" + (refs.isEmpty ? "" : "  ← " + refs.joined(separator: "; "))
    }

    /// `[x0,y0 x1,y1]` on the 0–1000 frame.
    static func describe(_ box: Box?) -> String {
        guard let box else { return "[no box]" }
        return "[\(box.x0),\(box.y0) \(box.x1),\(box.y1)]"
    }

    static func object(_ observation: Observation) -> [String: Any] {
        [
            "id": observation.id, "image_index": observation.imageIndex, "box": object(observation.box) as Any, "text": observation.text,
            "confidence": Double(observation.confidence), "source": observation.source,
        ]
    }

    static func object(_ step: ReasoningStep) -> [String: Any] {
        [
            "index": step.index, "text": step.text,
            "refs": step.refs.map { ["observation_id": $0.observationID, "image_index": $0.imageIndex, "box": object($0.box) as Any] },
        ]
    }

    static func object(_ box: Box?) -> [UInt32]? {
        box.map { [$0.x0, $0.y0, $0.x1, $0.y1] }
    }
}
