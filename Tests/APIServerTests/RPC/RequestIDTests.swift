import FlintAPI
import Testing

@testable import APIServer

/// Server-made request ids: `req_` + 32 lowercase hex digits, within the client rules,
/// never repeated.
@Suite("Request ids")
struct RequestIDTests {
    static func isWellFormed(_ id: String) -> Bool {
        let hex = id.utf8.dropFirst(4)
        return id.hasPrefix("req_") && hex.count == 32 && hex.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    @Test("ids made by the server are well formed, valid as client ids, and unique")
    func madeIDs() {
        let ids = (0..<10_000).map { _ in RequestID.make() }
        for id in ids.prefix(100) {
            #expect(Self.isWellFormed(id), "\(id)")
            #expect(RequestIDRules.isValid(id) && !id.isEmpty)
        }
        #expect(ids.allSatisfy(Self.isWellFormed))
        #expect(Set(ids).count == ids.count)
    }

    @Test("the prefix and the counter are written in full, most significant digit first")
    func layout() {
        let generator = RequestIDGenerator(prefix: 0x0123_4567_89ab_cdef)
        #expect(generator.next() == "req_0123456789abcdef0000000000000001")
        #expect(generator.next() == "req_0123456789abcdef0000000000000002")
        let other = RequestIDGenerator(prefix: .max)
        #expect(other.next() == "req_ffffffffffffffff0000000000000001")
    }

    @Test("two processes' generators (random prefixes) do not make the same ids")
    func prefixesDiffer() {
        let first = RequestIDGenerator(), second = RequestIDGenerator()
        #expect(first.next() != second.next())
    }
}
