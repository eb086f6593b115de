/// Payload of the GOAWAY frame: the server takes no new streams on this connection
/// (proto `flint.v1.GoAway`).
public struct GoAway: Sendable, Equatable {
    /// Highest stream id the server processed or is processing; higher ids never started
    /// and are safe to retry on a new connection.
    public var lastStreamID: UInt32
    /// `.ok` for a graceful close, else the protocol error that ended the connection.
    public var code: StatusCode
    /// For people, e.g. "server shutting down".
    public var reason: String

    public init(lastStreamID: UInt32 = 0, code: StatusCode = .ok, reason: String = "") {
        self.lastStreamID = lastStreamID
        self.code = code
        self.reason = reason
    }
}
