/// Why an MCP exchange gave no usable answer; the message is for logs and for the model
/// (it never holds a header or a token).
public enum MCPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection, or it broke before the answer ended.
    case unreachable(String)
    /// An HTTP status other than success.
    case status(Int)
    /// The server forgot the session (404 to a request that carried one): start a new one.
    case sessionExpired
    /// The answer is not what the protocol says (not JSON-RPC, no result, a bad event stream).
    case malformed(String)
    /// The answer is larger than the server's output cap.
    case tooLarge(limit: Int)
    /// The server answered with a JSON-RPC error.
    case rpc(code: Int, message: String)
    /// The answer did not come within the server's timeout.
    case timeout(Duration)

    public var description: String {
        switch self {
        case .unreachable(let reason): "the tool service is unreachable (\(reason))"
        case .status(let status): "the tool service answered HTTP \(status)"
        case .sessionExpired: "the tool service ended the session"
        case .malformed(let reason): "the tool service's answer is malformed (\(reason))"
        case .tooLarge(let limit): "the tool service's answer is larger than \(limit) bytes"
        case .rpc(let code, let message): "the tool service refused the call (\(code): \(message.prefix(500)))"
        case .timeout(let limit): "the tool service did not answer within \(limit)"
        }
    }
}
