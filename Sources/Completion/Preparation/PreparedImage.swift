import Images
import FlintAPI

/// One image of a request, checked at the edge: where it is, what its header says, what
/// it counts for. ``PreparedCompletion/images`` holds them in `image_index` order: every
/// ImagePart of the request in order, tool results' images included.
public struct PreparedImage: Sendable {
    /// Its `image_index`.
    public var index: UInt32
    /// Its request path, e.g. `messages[0].parts[1].image`.
    public var path: String
    public var part: ImagePart
    public var info: ImageInfo
    /// Prompt tokens it counts for (the model's image token formula).
    public var tokens: Int
}
