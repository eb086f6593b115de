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

    /// Runs every input of `target`'s corpus through `run`, recording a broken invariant as
    /// an issue; returns the outcomes of the others.
    static func replay<Outcome>(
        _ target: String, _ run: (UnsafeRawBufferPointer) throws(FuzzInvariantViolation) -> Outcome
    ) throws -> [(name: String, outcome: Outcome)] {
        try inputs(of: target).compactMap { input in
            do {
                return (input.name, try input.bytes.withUnsafeBytes { try run($0) })
            } catch {
                Issue.record("\(target)/\(input.name): \(error)")
                return nil
            }
        }
    }

    @Test("every corpus directory belongs to a replayed target")
    func corporaAreKnown() throws {
        let targets = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        #expect(targets == ["frames", "messages"])
    }

    @Test("the frames corpus keeps the connection's invariants")
    func frames() throws {
        let replayed = try Self.replay("frames", FrameFuzzing.run)
        #expect(replayed.contains { $0.name.hasPrefix("valid-") } && replayed.contains { $0.name.hasPrefix("refused-") })
        for (name, outcome) in replayed {
            let refused = outcome.prefaceMismatch || outcome.streamsRejected > 0 || outcome.goAway.map { $0.code != .ok } ?? false
            if name.hasPrefix("valid-") {
                #expect(!refused && outcome.goAway?.code == .ok, "\(name): \(outcome)")
            } else if name.hasPrefix("refused-") {
                #expect(refused, "\(name): \(outcome)")
            }
        }
    }

    @Test("the messages corpus decodes, or is refused, and round-trips")
    func messages() throws {
        let replayed = try Self.replay("messages", MessageFuzzing.run)
        let seeded = Set(replayed.compactMap { $0.name.hasPrefix("valid-") ? String($0.name.split(separator: "-")[1]) : nil })
        #expect(seeded == Set(MessageFuzzing.requestTypes.map(\.name)), "every request type has a seed")
        for (name, outcome) in replayed where name.hasPrefix("valid-") {
            #expect(outcome == .decoded(type: String(name.split(separator: "-")[1])), "\(name): \(outcome)")
        }
    }
}
