/// Where one backend URL is reached, and the bearer token it wants (nil: none).
public struct BackendEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// The server root (scheme, host, port, optional path prefix).
    public var url: String
    /// Sent as `Authorization: Bearer …`; never logged.
    public var bearerToken: String?

    public init(url: String, bearerToken: String? = nil) {
        self.url = url
        self.bearerToken = bearerToken
    }

    /// The URL only: the token stays out of logs and messages.
    public var description: String { url }
}

/// A backend whose address and credentials change while Flint runs: the embedded
/// llama-server gets a fresh port and API key at every start. An ``OpenAICompatibleBackend``
/// given one sends every call to its current endpoint instead of the models' `urls`.
public protocol BackendEndpointSource: Sendable {
    /// The endpoint now; nil while the backend is not running (starting or restarting).
    var currentEndpoint: BackendEndpoint? { get }
}
