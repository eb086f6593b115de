/// Fired as a user inbound event by ``TLSHandler`` once the handshake has completed
/// (and, on a client, the server's certificate and ALPN choice were accepted).
/// Application data is only passed on after this event.
public struct TLSHandshakeCompleted: Sendable, Hashable {
    /// The protocol chosen by ALPN: `flint/1`, `h2` or `grpc-exp`, or `nil` if the client
    /// offered none.
    public var negotiatedProtocol: String?
    /// The negotiated TLS version as OpenSSL names it, e.g. `TLSv1.3`.
    public var protocolVersion: String

    public init(negotiatedProtocol: String?, protocolVersion: String) {
        self.negotiatedProtocol = negotiatedProtocol
        self.protocolVersion = protocolVersion
    }
}

/// Fired as a user inbound event by ``TLSHandler`` when the peer ends the TLS session
/// cleanly with close_notify. The handler answers with its own and closes the channel.
public struct TLSCloseNotifyReceived: Sendable, Hashable {
    public init() {}
}
