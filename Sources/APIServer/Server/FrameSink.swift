import Wire

/// Where a connection's outbound frames go. Writing waits while the peer is not reading.
///
/// The frames of one `write` go to the event loop together and leave in one flush (one
/// write syscall), so a call that has several frames ready writes them at once.
struct FrameSink: Sendable {
    let writeFrames: @Sendable ([Frame]) async throws -> Void

    init(_ writeFrames: @escaping @Sendable ([Frame]) async throws -> Void) {
        self.writeFrames = writeFrames
    }

    func write(_ frame: Frame) async throws {
        try await writeFrames([frame])
    }

    func write(_ frames: [Frame]) async throws {
        guard !frames.isEmpty else { return }
        try await writeFrames(frames)
    }
}
