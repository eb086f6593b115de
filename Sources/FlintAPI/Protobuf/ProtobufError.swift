/// A protobuf encoding could not be decoded into a Swift value.
///
/// The message names the message type and field, never the field's value: decoded bytes
/// may hold API keys.
public struct ProtobufError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong; new codes may be added, so switches need a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case malformed, invalidUTF8, tooLarge, unknownOneof
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// Not a valid protobuf encoding of the message (truncated, wrong wire type, ...).
        public static let malformed = Code(.malformed)
        /// A string field is not valid UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// The encoding is larger than `ProtobufLimits.maximumMessageSize`, or decoding it
        /// needs more memory than `ProtobufLimits.decodeBudget(forEncodedBytes:)`.
        public static let tooLarge = Code(.tooLarge)
        /// A oneof that must be set is unset, or holds a case this build does not know.
        public static let unknownOneof = Code(.unknownOneof)

        public var description: String {
            switch wrapped {
            case .malformed: "malformed"
            case .invalidUTF8: "invalid UTF-8"
            case .tooLarge: "too large"
            case .unknownOneof: "unknown oneof"
            }
        }
    }

    public var code: Code
    /// Proto name of the message the problem is in, e.g. "flint.v1.ErrorInfo".
    public var messageType: String
    /// Path of the bad field from the decoded message, in `FieldViolation.field` form,
    /// e.g. "details[1].error_info.reason"; nil when the message as a whole is bad.
    public var fieldPath: String?
    /// For people, e.g. "flint.v1.Status: details[1].error_info.reason is not valid UTF-8".
    public var message: String

    public init(code: Code, messageType: String, fieldPath: String? = nil, message: String) {
        self.code = code
        self.messageType = messageType
        self.fieldPath = fieldPath
        self.message = message
    }

    public var description: String {
        "ProtobufError(\(code)): \(message)"
    }
}
