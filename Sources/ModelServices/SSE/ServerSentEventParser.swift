/// One server-sent event (the WHATWG `text/event-stream` format).
public struct ServerSentEvent: Hashable, Sendable {
    /// The `event:` field; nil means the default type, "message".
    public var type: String?
    /// The `data:` lines joined with "\n".
    public var data: String
    /// The last `id:` seen in the stream, if any.
    public var lastEventID: String?

    public init(type: String? = nil, data: String, lastEventID: String? = nil) {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
    }
}

/// An incremental `text/event-stream` parser: feed it bytes as they arrive, split anywhere,
/// and it returns the events completed so far.
///
/// Lines end in LF, CRLF or CR (a CRLF split between two chunks is one line end). Lines that
/// start with ":" are comments; `retry:` and unknown fields are ignored; a UTF-8 byte order
/// mark at the very start is dropped. Memory is bounded: a line longer than
/// `maximumLineLength` bytes or an event whose data exceeds `maximumEventSize` bytes is an
/// error, as is a line that is not UTF-8. After an error the parser keeps failing.
public struct ServerSentEventParser: Sendable {
    public let maximumLineLength: Int
    public let maximumEventSize: Int

    private var line: [UInt8] = []
    private var lastByteWasCR = false
    private var atStreamStart = true
    private var data: [UInt8] = []
    private var hasData = false
    private var type: String?
    private var lastEventID: String?
    private var failure: ParseError?

    public init(maximumLineLength: Int = 1 << 20, maximumEventSize: Int = 4 << 20) {
        precondition(maximumLineLength > 0 && maximumEventSize > 0)
        self.maximumLineLength = maximumLineLength
        self.maximumEventSize = maximumEventSize
    }

    /// True when bytes of an unfinished line or event are buffered (a stream that ends now
    /// was cut off mid-event).
    public var hasPartialEvent: Bool { !line.isEmpty || hasData }

    /// Lines that were no field of the format (`data`, `event`, `id`, `retry`, and
    /// llama-server's `error`), nor comments: many, before any event, mean the body is
    /// something else than an event stream.
    public private(set) var foreignLines = 0

    /// Consumes `bytes` and returns the events they complete, in order.
    public mutating func parse(_ bytes: some Sequence<UInt8>) throws(ParseError) -> [ServerSentEvent] {
        if let failure { throw failure }
        var events: [ServerSentEvent] = []
        do {
            for byte in bytes {
                try consume(byte, into: &events)
            }
        } catch {
            failure = error
            throw error
        }
        return events
    }

    private mutating func consume(_ byte: UInt8, into events: inout [ServerSentEvent]) throws(ParseError) {
        switch byte {
        case UInt8(ascii: "\n") where lastByteWasCR:
            lastByteWasCR = false  // the LF of a CRLF: the line already ended at the CR
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            lastByteWasCR = byte == UInt8(ascii: "\r")
            try endLine(into: &events)
        default:
            lastByteWasCR = false
            guard line.count < maximumLineLength else {
                throw ParseError("a line is longer than \(maximumLineLength) bytes")
            }
            line.append(byte)
        }
    }

    private mutating func endLine(into events: inout [ServerSentEvent]) throws(ParseError) {
        if atStreamStart {
            atStreamStart = false
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        }
        defer { line.removeAll(keepingCapacity: line.count <= 4096) }
        if line.isEmpty {
            if let event = try dispatch() { events.append(event) }
            return
        }
        if line.first == UInt8(ascii: ":") { return }
        let colon = line.firstIndex(of: UInt8(ascii: ":"))
        let name = line[..<(colon ?? line.endIndex)]
        var value = colon.map { line[line.index(after: $0)...] } ?? line[line.endIndex...]
        if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        try field(name, value)
    }

    private mutating func field(_ name: ArraySlice<UInt8>, _ value: ArraySlice<UInt8>) throws(ParseError) {
        switch String(decoding: name, as: UTF8.self) {
        case "data":
            guard data.count + value.count + 1 <= maximumEventSize else {
                throw ParseError("an event's data is larger than \(maximumEventSize) bytes")
            }
            data.append(contentsOf: value)
            data.append(UInt8(ascii: "\n"))
            hasData = true
        case "event":
            type = try Self.text(value)
        case "id":
            if !value.contains(0) { lastEventID = try Self.text(value) }
        case "retry", "error":
            break  // reconnection advice; llama-server's error lines
        default:
            foreignLines += 1  // ignored, as the format says, but counted
        }
    }

    private mutating func dispatch() throws(ParseError) -> ServerSentEvent? {
        defer {
            data.removeAll(keepingCapacity: data.count <= 4096)
            hasData = false
            type = nil
        }
        guard hasData else { return nil }
        return ServerSentEvent(type: type, data: try Self.text(data.dropLast()), lastEventID: lastEventID)
    }

    private static func text(_ bytes: ArraySlice<UInt8>) throws(ParseError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ParseError("a line is not valid UTF-8")
        }
        return text
    }

    /// Why the byte stream is not a usable event stream.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String

        init(_ message: String) { self.message = message }

        public var description: String { "malformed event stream: \(message)" }
    }
}
