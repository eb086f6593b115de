import FlintAPI

/// A failure reported as one line on stderr, `error: <description>`, exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }

    /// A call that ended with a status other than OK: `<CODE>: <message>`, plus when to
    /// retry if the server said so.
    init(_ error: RPCError) {
        var text = "\(error.code): \(error.message)"
        if error.retryAfterMs > 0 {
            text += " (retry after \(Self.seconds(error.retryAfterMs)) s)"
        }
        self.init(text)
    }

    private static func seconds(_ milliseconds: UInt32) -> String {
        let tenths = (Int(milliseconds) + 99) / 100
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
}
