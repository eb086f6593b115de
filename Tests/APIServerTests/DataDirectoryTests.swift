import Foundation
import Testing

@Suite("Data directory")
struct DataDirectoryTests {
    @Test("an existing data directory open to others is made owner-only at start")
    func forcedOwnerOnly() async throws {
        try await TestServer.with(configure: { configuration in
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: configuration.dataDirectory)
        }) { server in
            let attributes = try FileManager.default.attributesOfItem(atPath: server.dataDirectory)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        }
    }
}
