import Foundation
import NIOCore
import Wire

/// A fresh directory under the system temporary directory, removed afterwards.
func withTemporaryDirectory<Result>(_ body: (String) async throws -> Result) async throws -> Result {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("flint-tls-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url.path)
}

/// The same, for synchronous tests (embedded channels).
@discardableResult
func withTemporaryDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("flint-tls-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}

/// Development CA files in a temporary directory, for one synchronous test.
func withDevelopmentCertificates<Result>(
    _ body: (DevelopmentCertificateAuthority.Files) throws -> Result
) throws -> Result {
    try withTemporaryDirectory { directory in
        try body(try DevelopmentCertificateAuthority.ensure(directory: directory))
    }
}

/// Development CA files in a temporary directory, for one test.
func withDevelopmentCertificates<Result>(
    extraHostnames: [String] = [],
    _ body: (DevelopmentCertificateAuthority.Files) async throws -> Result
) async throws -> Result {
    try await withTemporaryDirectory { directory in
        let files = try DevelopmentCertificateAuthority.ensure(directory: directory, extraHostnames: extraHostnames)
        return try await body(files)
    }
}

extension DevelopmentCertificateAuthority.Files {
    /// A server configuration with a short handshake timeout, for tests that hit it.
    func server(handshakeTimeout: TimeAmount) -> TLSConfiguration {
        var server = TLSConfiguration.Server(
            certificateChainPath: self.certificateChainPath,
            privateKeyPath: self.privateKeyPath
        )
        server.handshakeTimeout = handshakeTimeout
        return TLSConfiguration(role: .server(server))
    }

    /// A client configuration trusting this CA, adjusted by `change`.
    func client(
        serverName: String = "localhost",
        _ change: (inout TLSConfiguration.Client) -> Void = { _ in }
    ) -> TLSConfiguration {
        var client = TLSConfiguration.Client(
            serverName: serverName,
            trustRoots: .certificateFile(self.caCertificatePath)
        )
        change(&client)
        return TLSConfiguration(role: .client(client))
    }
}
