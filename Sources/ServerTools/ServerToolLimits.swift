/// Bounds the caller enforces around one run of a `ServerTool`.
public struct ServerToolLimits: Sendable, Hashable {
    /// The longest one run may take before the caller abandons it.
    public var timeout: Duration
    /// The largest result text (UTF-8 bytes) the tool returns; the built-in tools also enforce it themselves.
    public var maxOutputBytes: Int

    /// Creates limits from a timeout and an output cap.
    public init(timeout: Duration, maxOutputBytes: Int) {
        self.timeout = timeout
        self.maxOutputBytes = maxOutputBytes
    }
}
