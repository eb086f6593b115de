import ServerTools
import Testing

/// Hostile input ends in a result or a `ServerToolFailure`, quickly, never a crash or a stack overflow.
@Suite struct CalculatorHostileInputTests {
    /// Bounds with the length limit lifted, so the parser itself meets the hostile input.
    let unbounded = Calculator(
        bounds: CalculatorBounds(
            maxExpressionLength: 200_000, maxOperations: 1_000, maxDigits: 10_000, maxNesting: 100, maxExponent: 10_000
        ),
        limits: ServerToolLimits(timeout: .seconds(120), maxOutputBytes: 1 << 20)
    )

    @Test func tenThousandOpeningParentheses() async {
        let text = String(repeating: "(", count: 10_000)
        #expect(await calculatorFailure(text) == #""expression" is longer than 1000 characters"#)
        #expect(await calculatorFailure(text, with: unbounded) == "parentheses nested deeper than 100 levels at offset 100")
    }

    @Test func longRunsOfSignsAndPowers() async {
        let signs = String(repeating: "-", count: 10_000) + "1"
        #expect(await calculatorFailure(signs, with: unbounded) == "too many operations: more than 1000 (at offset 1000)")
        let powers = Array(repeating: "2", count: 5_000).joined(separator: "^")
        #expect(await calculatorFailure(powers, with: unbounded)?.contains("too large") == true)
    }

    @Test func veryLongNumbers() async throws {
        #expect(await calculatorFailure(String(repeating: "9", count: 1_001)) == #""expression" is longer than 1000 characters"#)
        let largest = try object(try await calculate(String(repeating: "9", count: 10_000), with: unbounded))
        #expect((largest["value"] as? String)?.count == 10_000)
        #expect(
            await calculatorFailure(String(repeating: "9", count: 10_001), with: unbounded)
                == "the number at offset 0 has more than 10000 digits")
        #expect(
            await calculatorFailure("0." + String(repeating: "0", count: 10_000) + "1", with: unbounded)
                == "the number at offset 0 has more than 10000 digits")
    }

    @Test func largestResultFitsTheOutputCap() async throws {
        let text = try await calculate("-(2*10^9999-1)/(2*10^9999-3)", with: patientCalculator)
        let value = try #require(try object(text)["value"] as? String)
        #expect(value.count == 20_002)
        #expect(text.utf8.count <= Calculator().limits.maxOutputBytes)
    }

    @Test func outputCapIsEnforced() async throws {
        let full = try await calculate("2^1000")
        #expect(full.utf8.count == 642)
        let small = Calculator(limits: ServerToolLimits(timeout: .seconds(2), maxOutputBytes: 641))
        let message = await calculatorFailure("2^1000", with: small)
        #expect(message == "the result is 642 bytes, over the 641-byte output limit")
    }

    @Test func timeLimitStopsTheEvaluation() async {
        let hurried = Calculator(limits: ServerToolLimits(timeout: .zero, maxOutputBytes: 20_480))
        #expect(await calculatorFailure("1 + 1", with: hurried) == "the calculation took too long and was stopped (at offset 2)")
    }

    @Test func randomExpressionsNeverCrash() async {
        var generator = SplitMix(seed: 0x5EED)
        let alphabet = Array("0123456789+-*/^().<>=! ")
        var failures = 0
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 40) + 1
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            if await calculatorFailure(text) != nil { failures += 1 }
        }
        #expect(failures > 0 && failures < 2_000)
    }
}

/// A small deterministic generator for the fuzz test.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
