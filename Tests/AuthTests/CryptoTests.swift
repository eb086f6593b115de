import FlintTestSupport
import Foundation
import Testing

@testable import Auth

@Suite struct CryptoTests {
    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    @Test func hmacMatchesRFC4231() throws {
        // RFC 4231, test case 1.
        let context = try MACContext.hmacSHA256(key: [UInt8](repeating: 0x0B, count: 20))
        let tag = try context.duplicate().finish(Array("Hi There".utf8))
        #expect(self.hex(tag) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        // The keyed context is reusable: duplicates do not disturb it.
        #expect(try context.duplicate().finish(Array("Hi There".utf8)) == tag)
    }

    @Test func hasherTagsDependOnPepperAndSecret() throws {
        let key = APIKey.generate()
        let first = try KeyHasher(pepper: Pepper.random())
        let second = try KeyHasher(pepper: Pepper.random())
        let tag = try first.tag(for: key)
        #expect(tag.count == 32)
        #expect(try first.matches(key, stored: tag))
        #expect(try !second.matches(key, stored: tag))
        #expect(try !first.matches(APIKey.generate(), stored: tag))
    }

    @Test func hasherIsSafeUnderConcurrency() async throws {
        let hasher = try KeyHasher(pepper: Pepper.random())
        let key = APIKey.generate()
        let expected = try hasher.tag(for: key)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 {
                group.addTask { try hasher.matches(key, stored: expected) }
            }
            for try await matched in group {
                #expect(matched)
            }
        }
    }

    @Test func constantTimeEquality() {
        #expect(ConstantTime.equals([], []))
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
    }

    @Test func peppersParseFromHexAndStayRedacted() throws {
        let hex = String(repeating: "0a", count: 32)
        let pepper = try Pepper(hexEncoded: hex)
        #expect(pepper.bytes == [UInt8](repeating: 10, count: 32))
        #expect(throws: KeyStoreError.self) { try Pepper(hexEncoded: "abc") }
        #expect(throws: KeyStoreError.self) { try Pepper(hexEncoded: String(repeating: "zz", count: 32)) }
        #expect(throws: KeyStoreError.self) { try Pepper(bytes: [1, 2, 3]) }
        var dumped = ""
        dump(pepper, to: &dumped)
        for text in ["\(pepper)", String(reflecting: pepper), dumped] {
            #expect(!text.contains("10"))
            #expect(!text.contains("0a"))
        }
    }

    @Test func pepperFileIsCreatedOwnerOnlyAndReused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("pepper")
        let created = try Pepper.loadOrCreate(at: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect((attributes[.size] as? Int) == 32)
        let loaded = try Pepper.loadOrCreate(at: path)
        #expect(loaded.bytes == created.bytes)
    }

    @Test func pepperFilesThatOthersCanReadOrOfWrongSizeAreRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("pepper")
        _ = FileManager.default.createFile(atPath: path, contents: Data(repeating: 1, count: 32), attributes: [.posixPermissions: 0o644])
        let exposed = #expect(throws: KeyStoreError.self) { try Pepper.loadOrCreate(at: path) }
        #expect(exposed?.code == .configuration)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try Pepper.loadOrCreate(at: path).bytes == [UInt8](repeating: 1, count: 32))
        try Data(repeating: 1, count: 31).write(to: URL(fileURLWithPath: path))
        #expect(throws: KeyStoreError.self) { try Pepper.loadOrCreate(at: path) }
        try Data(repeating: 1, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect(throws: KeyStoreError.self) { try Pepper.loadOrCreate(at: path) }
    }
}
