import ServerTools
import Testing
import ToolSchema

@Suite struct CalculatorFailureTests {
    @Test func divisionByZero() async {
        #expect(await calculatorFailure("1/0") == "division by zero at offset 1")
        #expect(await calculatorFailure("5 + 1/(2-2)") == "division by zero at offset 5")
        #expect(await calculatorFailure("0^-1") == "division by zero at offset 1: 0 raised to a negative power")
    }

    @Test func hugePowersAreRefusedBeforeComputing() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let message = try #require(await calculatorFailure("9^9^9^9"))
        #expect(message.contains("exponent 387420489") && message.contains("too large"))
        #expect(await calculatorFailure("99^10000")?.contains("would have at least") == true)
        #expect(await calculatorFailure("2^10001")?.contains("limit is ±10000") == true)
        #expect(clock.now - start < .seconds(1))
    }

    @Test func digitBound() async throws {
        let largest = try object(try await calculate("10^9999", with: patientCalculator))
        #expect((largest["value"] as? String)?.count == 10_000)
        #expect(await calculatorFailure("10^10000", with: patientCalculator) == "the result at offset 2 has more than 10000 digits")
        #expect(await calculatorFailure("10^9999 * 10", with: patientCalculator) == "the result at offset 8 has more than 10000 digits")
        #expect(await calculatorFailure("1 / 10^9999 / 10", with: patientCalculator) == "the result at offset 12 has more than 10000 digits")
    }

    @Test func exponentMustBeAnInteger() async {
        #expect(await calculatorFailure("4^0.5") == "the exponent at offset 1 must be an integer, not 1/2")
    }

    @Test func nestingBound() async throws {
        let hundred = String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100)
        #expect(try await calculate(hundred) == #"{"value":"1","decimal":"1","exact":true}"#)
        let deeper = "(" + hundred + ")"
        #expect(await calculatorFailure(deeper) == "parentheses nested deeper than 100 levels at offset 100")
    }

    @Test(arguments: [
        ("2 +", "syntax error at offset 3: expected a number or '(' but found end of expression"),
        ("2 + * 3", "syntax error at offset 4: expected a number or '(' but found '*'"),
        ("(2 + 3", "syntax error at offset 6: expected ')' to close the '(' at offset 0 but found end of expression"),
        ("2 + 3)", "syntax error at offset 5: ')' without a matching '('"),
        ("2 3", "syntax error at offset 2: expected an operator but found number (write '*' to multiply)"),
        ("2(3)", "syntax error at offset 1: expected an operator but found '(' (write '*' to multiply)"),
        ("1 < 2 < 3", "syntax error at offset 6: comparisons cannot be chained; compare two values at a time"),
        ("(1 < 2)", "syntax error at offset 3: comparisons are allowed only at the top level, not inside parentheses"),
        ("2 = 2", "syntax error at offset 2: a lone '=' (write '==' to compare)"),
        ("5!", "syntax error at offset 1: '!' without '=' (factorial is not supported; '!=' compares)"),
        ("1.2.3", "syntax error at offset 3: a second '.' in a number"),
        ("1. + 2", "syntax error at offset 2: a digit must follow '.'"),
        ("2 * x", "syntax error at offset 4: unexpected character 'x'"),
        ("()", "syntax error at offset 1: expected a number or '(' but found ')'"),
        ("", "the expression is empty"),
        ("   ", "the expression is empty"),
    ])
    func syntaxErrorsNameTheOffset(expression: String, message: String) async {
        #expect(await calculatorFailure(expression) == message)
    }

    @Test func operationBound() async throws {
        let calculator = Calculator(
            bounds: CalculatorBounds(
                maxExpressionLength: 1_000, maxOperations: 10, maxDigits: 100, maxNesting: 5, maxExponent: 100
            ))
        let elevenAdditions = Array(repeating: "1", count: 12).joined(separator: "+")
        #expect(try await calculate(Array(repeating: "1", count: 11).joined(separator: "+"), with: calculator).hasPrefix(#"{"value":"11""#))
        #expect(await calculatorFailure(elevenAdditions, with: calculator) == "too many operations: more than 10 (at offset 21)")
    }

    @Test func argumentsMustHoldAnExpressionString() async {
        let calculator = Calculator()
        #expect(
            await failure { () async throws(ServerToolFailure) in try await calculator.run(.string("1+1")) }
                == "the arguments must be a JSON object")
        #expect(
            await failure { () async throws(ServerToolFailure) in try await calculator.run(arguments([:])) }
                == #"missing required string "expression""#)
        #expect(
            await failure { () async throws(ServerToolFailure) in try await calculator.run(arguments(["expression": "x", "other": "y"])) }
                == "syntax error at offset 0: unexpected character 'x'")
    }

    @Test func expressionLengthBound() async {
        let long = Array(repeating: "1", count: 501).joined(separator: "+")
        #expect(long.count == 1_001)
        #expect(await calculatorFailure(long) == #""expression" is longer than 1000 characters"#)
    }
}
