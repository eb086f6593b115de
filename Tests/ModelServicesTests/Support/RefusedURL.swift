@testable import ModelServices

/// A loopback URL where nothing listens: connections are refused.
func refusedURL() throws -> String {
    "http://127.0.0.1:\(try LoopbackPort.free())"
}
