import Foundation
import Testing

/// The committed generated code (CFlintProto's C, FlintAPI's method descriptors, the
/// published descriptor set) must be exactly what scripts/generate-protos.sh makes from
/// proto/ today: a proto edited without regenerating fails here.
@Suite struct ProtobufGeneratedCodeTests {
    private static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Protobuf
        .deletingLastPathComponent()  // FlintAPITests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    @Test("the committed generated code is fresh")
    func generatedCodeIsFresh() throws {
        try #require(
            Self.findOnPath("protoc-c") != nil,
            "protoc-c is not installed, so the generated code cannot be checked: apt-get install protobuf-c-compiler"
        )
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("flint-protos-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }

        let script = Self.repoRoot.appendingPathComponent("scripts/generate-protos.sh")
        let (status, stderr) = try Self.run(script, arguments: [output.path])
        try #require(status == 0, "generate-protos.sh failed (\(status)): \(stderr)")

        let fresh = try Self.files(under: output.appendingPathComponent("Sources/CFlintProto"))
        let committed = try Self.files(under: Self.repoRoot.appendingPathComponent("Sources/CFlintProto"))
        #expect(
            fresh.keys.sorted() == committed.keys.sorted(),
            "generated and committed files differ in name; run scripts/generate-protos.sh")
        for (path, contents) in fresh where committed[path] != nil {
            #expect(committed[path] == contents, "\(path) is stale; run scripts/generate-protos.sh")
        }
        for file in ["Sources/FlintAPI/Methods/Methods+Generated.swift", "proto/flint-v1.protoset"] {
            let freshFile = try Data(contentsOf: output.appendingPathComponent(file))
            let committedFile = try Data(contentsOf: Self.repoRoot.appendingPathComponent(file))
            #expect(freshFile == committedFile, "\(file) is stale; run scripts/generate-protos.sh")
        }
    }

    private static func findOnPath(_ tool: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent(tool) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    private static func run(_ executable: URL, arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", executable.path] + arguments
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: message, as: UTF8.self))
    }

    /// Every regular file under `root`, by path relative to it.
    private static func files(under root: URL) throws -> [String: Data] {
        let rootPath = root.resolvingSymlinksInPath().path
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else {
                continue
            }
            let path = url.resolvingSymlinksInPath().path
            files[String(path.dropFirst(rootPath.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }
}
