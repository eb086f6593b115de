import Foundation
import Testing

@testable import Wire

/// Secret files are written through a fresh temporary file, never through a link.
@Suite struct SecureFileTests {
    @Test func aLinkAtTheTemporaryPathIsNotFollowed() throws {
        try withTemporaryDirectory { directory in
            let victim = directory + "/victim"
            try "keep me".write(toFile: victim, atomically: true, encoding: .utf8)
            let path = directory + "/key.pem"
            try FileManager.default.createSymbolicLink(atPath: path + ".tmp", withDestinationPath: victim)
            try SecureFile.save(Array("secret".utf8), to: path, mode: 0o600)
            #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "secret")
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        }
    }
}
