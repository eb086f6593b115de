/// What a server announces in its SETTINGS and enforces on every connection.
public struct ConnectionLimits: Hashable, Sendable {
    /// Largest frame payload accepted, in bytes. Default 4 MiB (room for an image part).
    public var maxFrameSize: UInt32
    /// Streams a client may keep open at once on one connection. Default 64.
    public var maxConcurrentStreams: UInt32
    /// Largest SETTINGS or HEADERS payload, in bytes: metadata is small, and it is decoded
    /// before any key is checked. 16 KiB.
    public static let maxMetadataPayload = 16 << 10
    /// PINGs and repeated SETTINGS accepted in a row with no stream frame between them; one
    /// more ends the connection, so a flood of them costs the server at most this many
    /// answers. 100.
    public static let maxControlFramesInARow = 100

    public init(maxFrameSize: UInt32 = 4 << 20, maxConcurrentStreams: UInt32 = 64) {
        self.maxFrameSize = maxFrameSize
        self.maxConcurrentStreams = maxConcurrentStreams
    }
}
