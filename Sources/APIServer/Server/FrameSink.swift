import Wire

/// Where a connection's outbound frames go. Writing waits while the peer is not reading.
struct FrameSink: Sendable {
    let write: @Sendable (Frame) async throws -> Void
}
