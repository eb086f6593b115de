import FlintAPI
import Foundation
import Testing

/// The generated method descriptors against the protos they were generated from, read here
/// independently of the generator: every `rpc` line, its path and its streaming kind.
@Suite struct MethodDescriptorTests {
    private static let protoDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Methods
        .deletingLastPathComponent()  // FlintAPITests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()
        .appendingPathComponent("proto")

    /// (path, server streaming) of every rpc in proto/flint/v1.
    private static func declaredMethods() throws -> [String: Bool] {
        var methods: [String: Bool] = [:]
        let directory = protoDirectory.appendingPathComponent("flint/v1")
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".proto") {
            var service = ""
            for line in try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8).split(separator: "\n") {
                let words = line.split(whereSeparator: { " (){};".contains($0) })
                if words.first == "service" { service = String(words[1]) }
                if words.first == "rpc" {
                    methods["/flint.v1.\(service)/\(words[1])"] = line.contains("returns (stream ")
                }
            }
        }
        return methods
    }

    @Test("there is one descriptor per rpc of proto/, at its path, with its streaming kind")
    func descriptorsMatchTheProtos() throws {
        let declared = try Self.declaredMethods()
        #expect(declared.count >= 17)
        let generated = Dictionary(Methods.all.map { ($0.path, $0.streaming == .serverStreaming) }, uniquingKeysWith: { _, _ in
            Issue.record("two descriptors share a path")
            return false
        })
        #expect(generated == declared)
    }

    @Test("typed descriptors carry the proto's message types and the key their comment names")
    func typesAndKeys() {
        let complete: MethodDescriptor<CompleteRequest, CompleteResponse> = Methods.Inference.complete
        #expect(complete.path == "/flint.v1.Inference/Complete")
        #expect(complete.key == .scope("inference"))
        let stream: MethodDescriptor<CompleteRequest, CompletionEvent> = Methods.Inference.streamComplete
        #expect(stream.streaming == .serverStreaming)
        #expect(Methods.Health.check.key == .none)
        #expect(Methods.Admin.getUsage.key == .anyKey)
        #expect(Methods.Admin.issueKey.key == .scope("admin"))
        #expect(Methods.Documents.search.key == .scope("tools"))
        #expect(Methods.Agents.run.key == .scope("agents"))
    }

    @Test("the embedded descriptor set is the published proto/flint-v1.protoset and names every service")
    func embeddedDescriptorSet() throws {
        let published = try Data(contentsOf: Self.protoDirectory.appendingPathComponent("flint-v1.protoset"))
        #expect(DescriptorSet.bytes == Array(published))
        for service in Set(Methods.all.map(\.service)) {
            let name = Array(service.split(separator: ".").last!.utf8)
            #expect(DescriptorSet.bytes.firstRange(of: name) != nil, "\(service) is not in the descriptor set")
        }
    }
}
