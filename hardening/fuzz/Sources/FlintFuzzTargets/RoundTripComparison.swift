import FlintAPI

/// What a round trip does not keep by design, taken out of a value before comparing it
/// with its round-tripped self.
///
/// - The count of content parts of unknown kinds is decode-only (the parts are not
///   re-encoded).
/// - A NaN sampling value never equals itself; it becomes +infinity here, and its bits are
///   still compared, through the re-encoding.
enum RoundTripComparison {
    static func comparable(_ request: CompleteRequest) -> CompleteRequest {
        var request = request
        request.messages = request.messages.map(comparable)
        request.temperature = request.temperature.map(comparable)
        request.topP = request.topP.map(comparable)
        return request
    }

    static func comparable(_ request: CountTokensRequest) -> CountTokensRequest {
        var request = request
        request.messages = request.messages.map(comparable)
        return request
    }

    private static func comparable(_ message: Message) -> Message {
        var message = message
        message.unknownPartCount = 0
        message.parts = message.parts.map { part in
            guard case .toolResult(var result) = part else { return part }
            result.unknownPartCount = 0
            return .toolResult(result)
        }
        return message
    }

    private static func comparable(_ value: Float) -> Float {
        value.isNaN ? .infinity : value
    }
}
