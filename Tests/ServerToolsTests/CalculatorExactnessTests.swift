import ServerTools
import Testing

@Suite struct CalculatorExactnessTests {
    @Test func integersAreExactAtAnySize() async throws {
        #expect(try await calculate("17 * 23") == #"{"value":"391","decimal":"391","exact":true}"#)
        let power = "1606938044258990275541962092341162602522202993782792835301376"
        #expect(try await calculate("2^200") == #"{"value":"\#(power)","decimal":"\#(power)","exact":true}"#)
        let factorial = (1...30).map(String.init).joined(separator: "*")
        #expect(try await calculate(factorial).hasPrefix(#"{"value":"265252859812191058636308480000000","#))
        let fifty = "30414093201713378043612608166064768844377641568960512000000000000"
        #expect(try await calculate((1...50).map(String.init).joined(separator: " * ")).contains(#""value":"\#(fifty)""#))
    }

    @Test func decimalsAreExactRationals() async throws {
        #expect(try await calculate("0.1 + 0.2") == #"{"value":"3/10","decimal":"0.3","exact":true}"#)
        #expect(try await calculate("0.1 + 0.2 == 0.3") == #"{"value":"true"}"#)
        #expect(try await calculate("1/3*3") == #"{"value":"1","decimal":"1","exact":true}"#)
        #expect(try await calculate("1/3 * 3 == 1") == #"{"value":"true"}"#)
        #expect(try await calculate("5/4") == #"{"value":"5/4","decimal":"1.25","exact":true}"#)
        #expect(try await calculate(".5 + 1.25") == #"{"value":"7/4","decimal":"1.75","exact":true}"#)
        #expect(try await calculate("6/4") == #"{"value":"3/2","decimal":"1.5","exact":true}"#)
    }

    @Test func nonTerminatingRationalsRoundToTwentyDigits() async throws {
        #expect(try await calculate("7/3") == #"{"value":"7/3","decimal":"2.3333333333333333333","exact":false}"#)
        #expect(try await calculate("2/3") == #"{"value":"2/3","decimal":"0.66666666666666666667","exact":false}"#)
        #expect(try await calculate("-2/3") == #"{"value":"-2/3","decimal":"-0.66666666666666666667","exact":false}"#)
        #expect(try await calculate("1/10^30") == #"{"value":"1/\#("1" + String(repeating: "0", count: 30))","decimal":"1e-30","exact":true}"#)
        #expect(try await calculate("10^7 / 10^14").contains(#""decimal":"0.0000001""#))
        #expect(try await calculate("1 / 10^8").contains(#""decimal":"1e-8""#))
        #expect(try await calculate("10^25 + 1/2").hasSuffix(#""decimal":"1e+25","exact":false}"#))
        #expect(try await calculate("99999999999999999999.5").hasSuffix(#""decimal":"100000000000000000000","exact":false}"#))
    }

    @Test func precedenceAndAssociativity() async throws {
        let cases: [(String, String)] = [
            ("2 + 3 * 4", "14"), ("(2 + 3) * 4", "20"), ("2 * 3 ^ 2", "18"), ("10 - 4 - 3", "3"),
            ("100 / 10 / 5", "2"), ("2 ^ 3 ^ 2", "512"), ("(2 ^ 3) ^ 2", "64"), ("-2 ^ 2", "-4"),
            ("(-2) ^ 3", "-8"), ("--3", "3"), ("-(1 - 4)", "3"), ("+5 - -5", "10"), ("2 ^ -1 ^ 2", "1/2"),
            ("3 - 2 * -1", "5"), ("007", "7"),
        ]
        for (expression, value) in cases {
            let text = try await calculate(expression)
            #expect(text.hasPrefix(#"{"value":"\#(value)""#), "\(expression) gave \(text)")
        }
    }

    @Test func negativeExponentsGiveRationals() async throws {
        #expect(try await calculate("2^-3") == #"{"value":"1/8","decimal":"0.125","exact":true}"#)
        #expect(try await calculate("(2/3)^-2") == #"{"value":"9/4","decimal":"2.25","exact":true}"#)
        #expect(try await calculate("(-2)^-3") == #"{"value":"-1/8","decimal":"-0.125","exact":true}"#)
        #expect(try await calculate("0^0") == #"{"value":"1","decimal":"1","exact":true}"#)
    }

    @Test func comparisons() async throws {
        let cases: [(String, Bool)] = [
            ("1/3 < 0.34", true), ("2^10 == 1024", true), ("3 != 3", false), ("2 >= 3", false),
            ("1 <= 1", true), ("-1 > -2", true), ("2^64 > 2^64 - 1", true), ("1/3 == 0.3333333333", false),
        ]
        for (expression, holds) in cases {
            #expect(try await calculate(expression) == #"{"value":"\#(holds)"}"#, "\(expression)")
        }
    }
}
