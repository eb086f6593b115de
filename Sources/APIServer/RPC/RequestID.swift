import FlintAPI
import Synchronization

/// Request ids: made by the server when the client sends none, bounded when it does.
enum RequestID {
    /// `req_` and 32 lowercase hex digits: this process's random 64-bit prefix, then a
    /// counter. Unique within the process, and across processes but for a 2^-64 chance;
    /// no system call and no allocation beyond the string.
    static func make() -> String {
        generator.next()
    }

    private static let generator = RequestIDGenerator()

    /// The id a call runs under: the client's when it sent a valid one, else a new one (an
    /// invalid one still fails the call, see ``validate(_:)``).
    static func forCall(clientID: String) -> String {
        RequestIDRules.isValid(clientID) && !clientID.isEmpty ? clientID : make()
    }

    /// Fails the call when the client's id breaks ``RequestIDRules``.
    static func validate(_ id: String) throws(RPCError) {
        guard RequestIDRules.isValid(id) else {
            let rule = "printable ASCII without spaces, at most \(RequestIDRules.maxLength) bytes"
            throw RPCError(.invalidArgument, "request_id must be \(rule)", details: [.fieldViolation(FieldViolation(field: "request_id", description: rule))])
        }
    }
}

/// Method paths as they may appear in messages and logs.
enum MethodPath {
    /// The path cut to a sane length with non-printable bytes replaced, for error messages.
    static func printable(_ path: String) -> String {
        PrintableText.of(path)
    }
}

/// Makes `req_` + 16 hex digits of a random prefix + 16 hex digits of a counter.
final class RequestIDGenerator: Sendable {
    static let length = 4 + 32
    private let prefix: UInt64
    private let counter = Atomic<UInt64>(0)

    init(prefix: UInt64 = UInt64.random(in: .min ... .max)) {
        self.prefix = prefix
    }

    func next() -> String {
        let count = counter.add(1, ordering: .relaxed).newValue
        return String(unsafeUninitializedCapacity: Self.length) { bytes in
            for (index, byte) in "req_".utf8.enumerated() { bytes[index] = byte }
            Self.writeHex(prefix, into: bytes, at: 4)
            Self.writeHex(count, into: bytes, at: 20)
            return Self.length
        }
    }

    private static func writeHex(_ value: UInt64, into bytes: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        let digits: StaticString = "0123456789abcdef"
        for index in 0..<16 {
            let nibble = Int((value >> UInt64(60 - 4 * index)) & 0xF)
            bytes[offset + index] = digits.utf8Start[nibble]
        }
    }
}
