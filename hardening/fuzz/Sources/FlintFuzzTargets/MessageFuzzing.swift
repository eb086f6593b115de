import FlintAPI

/// The messages fuzz target: arbitrary bytes decoded as one of the request messages the
/// server decodes from a client (protobuf-c through the budgeted allocator), and whatever
/// decodes re-encoded and decoded again.
///
/// The first byte of an input picks the type (modulo ``requestTypes``' count); the rest
/// is the payload.
public enum MessageFuzzing {
    /// One message type under test.
    public struct RequestType: Sendable {
        /// The Swift type's name, e.g. "CompleteRequest".
        public let name: String
        /// Encodes a value of the type, or nil if `value` is of another type.
        public let encode: @Sendable (any ProtobufMessage) -> [UInt8]?
        let check: @Sendable (UnsafeRawBufferPointer) throws(FuzzInvariantViolation) -> MessageFuzzOutcome
    }

    /// Every message a client sends: the connection's SETTINGS and HEADERS, and the request
    /// of each method. The order fixes the meaning of the first byte of committed inputs;
    /// add new types at the end.
    public static let requestTypes: [RequestType] = [
        entry(Settings.self),
        entry(RequestHeaders.self),
        entry(HealthCheckRequest.self),
        entry(CompleteRequest.self, comparable: RoundTripComparison.comparable),
        entry(CountTokensRequest.self, comparable: RoundTripComparison.comparable),
        entry(ListModelsRequest.self),
        entry(ListToolsRequest.self),
        entry(RunRequest.self),
        entry(IssueKeyRequest.self),
        entry(ListKeysRequest.self),
        entry(RevokeKeyRequest.self),
        entry(RotateKeyRequest.self),
        entry(SetQuotaRequest.self),
        entry(GetUsageRequest.self),
    ]

    /// Runs one input; throws if an invariant broke.
    @discardableResult
    public static func run(_ input: UnsafeRawBufferPointer) throws(FuzzInvariantViolation) -> MessageFuzzOutcome {
        guard let selector = input.first else { return .empty }
        let type = requestTypes[Int(selector) % requestTypes.count]
        return try type.check(UnsafeRawBufferPointer(rebasing: input.dropFirst()))
    }

    /// The input that decodes to `value`: its type's index, then its encoding.
    public static func input(for value: some ProtobufMessage) -> [UInt8]? {
        for (index, type) in requestTypes.enumerated() {
            if let bytes = type.encode(value) { return [UInt8(index)] + bytes }
        }
        return nil
    }

    private static func entry<M: ProtobufMessage>(
        _ type: M.Type, comparable: @escaping @Sendable (M) -> M = { $0 }
    ) -> RequestType {
        RequestType(
            name: "\(M.self)",
            encode: { ($0 as? M)?.protobufBytes() },
            check: { (payload) throws(FuzzInvariantViolation) in try roundTrip(M.self, payload, comparable: comparable) })
    }

    /// Decodes `payload` as an `M`; if it decodes, its encoding must decode to an equal
    /// value and encode to the same bytes again.
    private static func roundTrip<M: ProtobufMessage>(
        _ type: M.Type, _ payload: UnsafeRawBufferPointer, comparable: (M) -> M
    ) throws(FuzzInvariantViolation) -> MessageFuzzOutcome {
        let value: M
        do {
            value = try M(protobufBytes: payload)
        } catch {
            try require(error.messageType.hasPrefix("flint.v1.") && !error.message.isEmpty, "\(M.self): a decoding error that names no message")
            return .refused(type: "\(M.self)", code: error.code)
        }
        let encoded = value.protobufBytes()
        let again: M
        do {
            again = try M(protobufBytes: encoded)
        } catch {
            throw FuzzInvariantViolation("\(M.self): the encoding of a decoded value does not decode (\(error.code))")
        }
        try require(again.protobufBytes() == encoded, "\(M.self): the encoding changed over a round trip")
        try require(comparable(again) == comparable(value), "\(M.self): the value changed over a round trip")
        return .decoded(type: "\(M.self)")
    }
}

/// What the messages target did with one input.
public enum MessageFuzzOutcome: Sendable, Equatable {
    /// No selector byte.
    case empty
    /// The payload decoded as `type` and survived the round trip.
    case decoded(type: String)
    /// The decoder refused the payload with `code`.
    case refused(type: String, code: ProtobufError.Code)
}
