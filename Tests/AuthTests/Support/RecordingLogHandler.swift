import Logging
import Synchronization

/// Everything logged through it, at every level, rendered to text.
final class LogRecording: Sendable {
    private let lines = Mutex<[String]>([])

    /// A logger at trace level that records into this recording.
    func logger(label: String = "flint.test") -> Logger {
        var logger = Logger(label: label) { label in RecordingLogHandler(label: label, recording: self) }
        logger.logLevel = .trace
        return logger
    }

    func append(_ line: String) {
        self.lines.withLock { $0.append(line) }
    }

    var all: [String] { self.lines.withLock { $0 } }
}

struct RecordingLogHandler: LogHandler {
    let label: String
    let recording: LogRecording
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = self.metadata.merging(event.metadata ?? [:]) { $1 }
        let error = event.error.map { " error=\(String(reflecting: $0))" } ?? ""
        self.recording.append("\(event.level) \(self.label) \(event.message) \(merged)\(error) \(event.source)")
    }
}
