import Foundation
import Testing
import Wire

/// Replays every committed fuzz input (`hardening/fuzz/corpus/<target>/*`) through the
/// same per-input functions the fuzzers run (`Fuzzing/FlintFuzzTargets`, a link to the
/// fuzz package's sources): none may break an invariant; seeds named "valid-…" must be
/// served cleanly and "refused-…" refused.
@Suite("Fuzz corpus replay")
struct FuzzCorpusReplayTests {
    /// `<package root>/hardening/fuzz/corpus`, found from this file.
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Fuzzing
        .deletingLastPathComponent()  // WireTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()
        .appendingPathComponent("hardening/fuzz/corpus", isDirectory: true)

    /// Every file of one target's corpus, by name.
    static func inputs(of target: String) throws -> [(name: String, bytes: [UInt8])] {
        let directory = corpus.appendingPathComponent(target, isDirectory: true)
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted().map { name in
            (name, Array(try Data(contentsOf: directory.appendingPathComponent(name))))
        }
    }

    @Test("every corpus directory belongs to a replayed target")
    func corporaAreKnown() throws {
        let targets = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        #expect(targets == ["frames", "messages"])
    }

    @Test("the frames corpus keeps the connection's invariants")
    func frames() throws {
        let inputs = try Self.inputs(of: "frames")
        #expect(inputs.contains { $0.name.hasPrefix("valid-") } && inputs.contains { $0.name.hasPrefix("refused-") })
        for input in inputs {
            let outcome: FrameFuzzOutcome
            do {
                outcome = try input.bytes.withUnsafeBytes { try FrameFuzzing.run($0) }
            } catch {
                Issue.record("\(input.name): \(error)")
                continue
            }
            let refused = outcome.prefaceMismatch || outcome.streamsRejected > 0 || outcome.goAway.map { $0.code != .ok } ?? false
            if input.name.hasPrefix("valid-") {
                #expect(!refused && outcome.goAway?.code == .ok, "\(input.name): \(outcome)")
            } else if input.name.hasPrefix("refused-") {
                #expect(refused, "\(input.name): \(outcome)")
            }
        }
    }

    @Test("the messages corpus decodes, or is refused, and round-trips")
    func messages() throws {
        let inputs = try Self.inputs(of: "messages")
        let types = Set(MessageFuzzing.requestTypes.map(\.name))
        let seeded = Set(inputs.compactMap { $0.name.hasPrefix("valid-") ? $0.name.split(separator: "-")[1] : nil }.map(String.init))
        #expect(seeded == types, "every request type has a seed")
        for input in inputs {
            let outcome: MessageFuzzOutcome
            do {
                outcome = try input.bytes.withUnsafeBytes { try MessageFuzzing.run($0) }
            } catch {
                Issue.record("\(input.name): \(error)")
                continue
            }
            if input.name.hasPrefix("valid-") {
                #expect(outcome == .decoded(type: String(input.name.split(separator: "-")[1])), "\(input.name): \(outcome)")
            }
        }
    }
}
