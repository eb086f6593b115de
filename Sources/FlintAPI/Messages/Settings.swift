/// Payload of the SETTINGS frame, the first frame each way on a connection
/// (proto `flint.v1.Settings`).
public struct Settings: Sendable, Equatable {
    /// Largest frame payload, in bytes, the sender accepts; 0 means "no opinion".
    public var maxFrameSize: UInt32
    /// Streams the sender lets its peer keep open at once; 0 means "no opinion".
    public var maxConcurrentStreams: UInt32
    /// Server build, e.g. "flint/0.1.0"; empty from clients.
    public var serverVersion: String
    /// Client build, e.g. "apiclient/0.1.0"; empty from servers.
    public var clientVersion: String

    public init(
        maxFrameSize: UInt32 = 0,
        maxConcurrentStreams: UInt32 = 0,
        serverVersion: String = "",
        clientVersion: String = ""
    ) {
        self.maxFrameSize = maxFrameSize
        self.maxConcurrentStreams = maxConcurrentStreams
        self.serverVersion = serverVersion
        self.clientVersion = clientVersion
    }
}
