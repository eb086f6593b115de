import Logging
import Synchronization

/// The last bytes a child wrote to stdout and stderr, for error messages; each complete
/// line is also logged at trace level.
final class OutputTail: Sendable {
    /// Bytes kept for ``lastLines(_:)``.
    static let capacity = 16 << 10
    /// A line longer than this is logged in pieces.
    static let maximumLogLine = 4 << 10

    private struct State {
        var tail: [UInt8] = []
        var line: [UInt8] = []
    }

    private let state = Mutex(State())
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func append(_ bytes: ArraySlice<UInt8>) {
        let lines = state.withLock { state -> [String] in
            state.tail.append(contentsOf: bytes)
            if state.tail.count > Self.capacity {
                state.tail.removeFirst(state.tail.count - Self.capacity)
            }
            var complete: [String] = []
            for byte in bytes {
                if byte == UInt8(ascii: "\n") || state.line.count >= Self.maximumLogLine {
                    complete.append(String(decoding: state.line, as: UTF8.self))
                    state.line.removeAll(keepingCapacity: true)
                    if byte == UInt8(ascii: "\n") { continue }
                }
                state.line.append(byte)
            }
            return complete
        }
        for line in lines where !line.isEmpty {
            logger.trace("\(line)", metadata: ["child.output": "line"])
        }
    }

    /// Logs a last line that had no newline.
    func finish() {
        let last = state.withLock { state in
            defer { state.line.removeAll() }
            return String(decoding: state.line, as: UTF8.self)
        }
        if !last.isEmpty { logger.trace("\(last)", metadata: ["child.output": "line"]) }
    }

    /// The last `count` lines the child wrote.
    func lastLines(_ count: Int = 15) -> String {
        let text = state.withLock { String(decoding: $0.tail, as: UTF8.self) }
        return text.split(separator: "\n", omittingEmptySubsequences: true).suffix(count).joined(separator: "\n")
    }
}
