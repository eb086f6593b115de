/// What a server tool may read of the conversation it runs in, besides its arguments.
public struct ServerToolContext: Sendable {
    /// Every image of the request in `image_index` order: each image part of each message
    /// in order, the images inside tool results included where they appear.
    public var images: [ServerToolImage]
    /// The calling partner, for tools that act on a partner's own data (`search`); nil
    /// when the call has none.
    public var partner: String?

    /// A context with these images (none by default).
    public init(images: [ServerToolImage] = [], partner: String? = nil) {
        self.images = images
        self.partner = partner
    }
}

/// One image of the conversation, as the caller sent it.
public struct ServerToolImage: Sendable, Equatable {
    /// The encoded image file.
    public var data: [UInt8]
    /// Its declared IANA media type, e.g. "image/png".
    public var mediaType: String
    /// Its EXIF orientation (1–8; 1 when it has none), so a reader turns it as displayed.
    public var orientation: Int

    public init(data: [UInt8], mediaType: String, orientation: Int = 1) {
        self.data = data
        self.mediaType = mediaType
        self.orientation = orientation
    }
}
