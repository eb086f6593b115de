/// An image sent inline in a message (proto `flint.v1.ImagePart`).
public struct ImagePart: Sendable, Equatable {
    /// The encoded image file, as stored on disk.
    public var data: [UInt8]
    /// IANA media type of `data`, e.g. "image/png".
    public var mediaType: String

    public init(data: [UInt8] = [], mediaType: String = "") {
        self.data = data
        self.mediaType = mediaType
    }
}
