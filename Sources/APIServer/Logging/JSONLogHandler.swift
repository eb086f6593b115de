import Foundation
import Logging
import Synchronization
import ToolSchema

/// A `LogHandler` writing one JSON object per line, for log shippers:
/// `{"timestamp":"2026-12-02T05:30:00.123Z","level":"info","label":"flint.apiserver","message":"listening","metadata":{"server.address":"…"}}`.
///
/// Metadata is the logger's, then its metadata provider's (the running call's `request.id`),
/// then the line's own, later ones winning; keys are sorted, so equal lines are equal bytes.
/// Strings are escaped as ``JSONValue`` serializes them (control characters as `\uXXXX`), so
/// every line is one line.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let output: JSONLogOutput
    private let now: @Sendable () -> Date

    /// A handler for `label` writing to `output` (standard error by default), stamping lines
    /// with `now`.
    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil, output: JSONLogOutput = .standardError,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.output = output
        self.now = now
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let own = event.metadata { merged.merge(own) { $1 } }
        output.write(Self.line(timestamp: now(), level: event.level, label: label, message: event.message.description, metadata: merged))
    }

    /// One log line, newline included.
    static func line(timestamp: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        let fields: [(key: String, value: JSONValue)] = [
            ("timestamp", .string(timestamp.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))),
            ("level", .string(level.rawValue)), ("label", .string(label)), ("message", .string(message)), ("metadata", json(metadata)),
        ]
        return JSONValue.object(JSONObject(members: fields) ?? JSONObject()).serialized() + "\n"
    }

    /// Metadata as a JSON object with sorted keys.
    static func json(_ metadata: Logger.Metadata) -> JSONValue {
        .object(JSONObject(members: metadata.keys.sorted().map { ($0, json(metadata[$0] ?? .string(""))) }) ?? JSONObject())
    }

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let string): .string(string)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .dictionary(let dictionary): json(dictionary)
        case .array(let values): .array(values.map(json))
        }
    }
}

/// Where JSON log lines go; whole lines are written one at a time.
public struct JSONLogOutput: Sendable {
    private let writeLine: @Sendable (String) -> Void

    public init(_ writeLine: @escaping @Sendable (String) -> Void) {
        self.writeLine = writeLine
    }

    func write(_ line: String) {
        writeLine(line)
    }

    /// The process's standard error, one line per write under a lock.
    public static let standardError: JSONLogOutput = {
        let lock = Mutex(())
        return JSONLogOutput { line in
            lock.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
        }
    }()
}
