/// Deterministic pseudo-random numbers (SplitMix64) for reproducible property tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random strings from a GBNF grammar's language: random alternatives, short repetitions, characters from a small
/// alphabet (including escapes-worthy and non-ASCII ones). Gives up (returns `nil`) past a size budget.
struct GBNFSampler {
    let grammar: GBNFGrammar
    var random: SeededGenerator
    private var budget = 0
    static let alphabet: [UInt32] = Array("az AZ09\"\\/<>{}[],:\n\t-+.eEé€😀".unicodeScalars.map(\.value)) + [0x01, 0x1F, 0xD7FF]

    init(grammar: GBNFGrammar, seed: UInt64) {
        self.grammar = grammar
        random = SeededGenerator(seed: seed)
    }

    mutating func sample(start: String = "root") -> String? {
        budget = 4_000
        var output: [UInt32] = []
        guard emit(.ref(start), into: &output, depth: 0) else { return nil }
        return String(String.UnicodeScalarView(output.compactMap(Unicode.Scalar.init)))
    }

    private mutating func emit(_ expr: GBNFGrammar.Expr, into output: inout [UInt32], depth: Int) -> Bool {
        budget -= 1
        guard budget > 0, depth < 60 else { return false }
        switch expr {
        case .literal(let chars):
            output += chars
            return true
        case .charClass, .any:
            let candidates = Self.alphabet.filter { expr.matchesChar($0) }
            guard let c = candidates.randomElement(using: &random) else { return false }
            output.append(c)
            return true
        case .ref(let name):
            guard let body = grammar.rules[name] else { return false }
            return emit(body, into: &output, depth: depth + 1)
        case .sequence(let items):
            return items.allSatisfy { emit($0, into: &output, depth: depth + 1) }
        case .alternatives(let choices):
            return emit(choices.randomElement(using: &random)!, into: &output, depth: depth + 1)
        case .repeated(let inner, let low, let high):
            let count = Int.random(in: low...max(low, min(high ?? low + 3, low + 3)), using: &random)
            return (0..<count).allSatisfy { _ in emit(inner, into: &output, depth: depth + 1) }
        }
    }
}
