/// What one run of a server tool returns: its text and, for tools that return pictures,
/// images (a remote tool's image content).
public struct ServerToolOutput: Sendable, Equatable {
    /// The result text for the model.
    public var text: String
    /// Images, after the text.
    public var images: [ServerToolImage]

    public init(text: String, images: [ServerToolImage] = []) {
        self.text = text
        self.images = images
    }

    /// The bytes counted against a tool's output cap: the text's UTF-8 and every image file.
    public var size: Int {
        images.reduce(text.utf8.count) { $0 + $1.data.count }
    }
}
