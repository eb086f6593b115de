import Foundation
import Testing

@testable import Wire

/// TLS settings that close known holes.
@Suite struct TLSHardeningTests {
    @Test func theServerIssuesNoSessionTickets() throws {
        try withDevelopmentCertificates { files in
            let context = try TLSContext(configuration: files.serverConfiguration)
            #expect(context.refusesResumption)
        }
    }

    @Test func theDevelopmentCAMaySignOnlyLeafCertificates() throws {
        try withDevelopmentCertificates { files in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = ["x509", "-in", files.caCertificatePath, "-noout", "-ext", "basicConstraints"]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(text.contains("CA:TRUE, pathlen:0"), "openssl says: \(text)")
        }
    }
}
