import Foundation
import Logging
import Synchronization

/// A `LogHandler` writing one JSON object per line, for log shippers:
/// `{"timestamp":"2026-12-02T05:30:00.123Z","level":"info","label":"flint.apiserver","message":"listening","metadata":{"server.address":"…"}}`.
///
/// Metadata is the logger's, then its metadata provider's (the running call's `request.id`),
/// then the line's own, later ones winning; keys are sorted, so equal lines are equal bytes.
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
        var json = JSONText()
        json.append("{\"timestamp\":")
        json.appendString(timestamp.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        json.append(",\"level\":")
        json.appendString(level.rawValue)
        json.append(",\"label\":")
        json.appendString(label)
        json.append(",\"message\":")
        json.appendString(message)
        json.append(",\"metadata\":")
        json.appendObject(metadata)
        json.append("}\n")
        return json.text
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

/// JSON text built by appending: strings escaped per RFC 8259, objects with sorted keys.
struct JSONText {
    private(set) var text = ""

    mutating func append(_ raw: String) {
        text += raw
    }

    mutating func appendString(_ string: String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value):
                text += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    mutating func appendObject(_ metadata: Logger.Metadata) {
        text += "{"
        for (index, key) in metadata.keys.sorted().enumerated() {
            if index > 0 { text += "," }
            appendString(key)
            text += ":"
            appendValue(metadata[key]!)
        }
        text += "}"
    }

    mutating func appendValue(_ value: Logger.Metadata.Value) {
        switch value {
        case .string(let string): appendString(string)
        case .stringConvertible(let convertible): appendString(convertible.description)
        case .dictionary(let dictionary): appendObject(dictionary)
        case .array(let values):
            text += "["
            for (index, element) in values.enumerated() {
                if index > 0 { text += "," }
                appendValue(element)
            }
            text += "]"
        }
    }
}
