/// The bounds of visual reasoning, in one place; docs/IMAGES.md lists them.
public struct VisualStepLimits: Hashable, Sendable {
    /// Most images one request's visual steps read.
    public var maxImages = 4
    /// Most observations kept per image (OCR lines first, then the image's facts); the
    /// least confident lines beyond it are left out of the prompt, and the response says so.
    public var maxObservationsPerImage = 48
    /// Most observations of a whole request.
    public var maxObservations = 96
    /// Longest observation text, in UTF-8 bytes; longer OCR lines are cut at a character.
    public var maxObservationTextBytes = 200
    /// Most reasoning steps the model may write.
    public var maxSteps = 4
    /// Most observations one step may cite.
    public var maxCitesPerStep = 2
    /// Longest step text, in characters.
    public var maxStepCharacters = 200

    public init() {}

    /// The most bytes the observations add to the prompt: each line of the listing is its
    /// text as a JSON string (at most twice its bytes, escapes included) plus its id and
    /// box (under 64 bytes), and each image a heading line. Admission reserves this much on
    /// top of the request's own prompt, before perception has run.
    public var maxListingBytes: Int {
        maxObservations * (2 * maxObservationTextBytes + 64) + maxImages * 64
    }
}
