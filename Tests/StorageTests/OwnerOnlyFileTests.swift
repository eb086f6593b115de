import FlintTestSupport
import Foundation
import Testing

@testable import Storage

/// Secret files are written through a fresh temporary file, never through a link.
@Suite struct OwnerOnlyFileTests {
    @Test func aLinkAtTheTemporaryPathIsNotFollowed() throws {
        let directory = try TemporaryDirectory()
        let victim = directory.path + "/victim"
        try "keep me".write(toFile: victim, atomically: true, encoding: .utf8)
        let path = directory.path + "/pepper"
        try FileManager.default.createSymbolicLink(atPath: path + ".tmp", withDestinationPath: victim)
        try OwnerOnlyFile.replace(path, with: Array("secret".utf8))
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "secret")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}
