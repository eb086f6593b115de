import Testing

@testable import ToolSchema

@Suite struct JSONParserTests {
    @Test func parsesDocumentsKeepingOrderAndLiterals() throws {
        let value = try JSONParser.parse(" {\"b\": [1, 2.50, -3e2, true, false, null], \"a\": {\"c\": \"x\"}} \n")
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a"])
        #expect(object["b"]?.arrayValue?[1].numberValue?.literal == "2.50")
        #expect(object["a"]?.objectValue?["c"]?.stringValue == "x")
        #expect(value.serialized() == #"{"b":[1,2.50,-3e2,true,false,null],"a":{"c":"x"}}"#)
        #expect(try JSONParser.parse("[]") == .array([]))
        #expect(try JSONParser.parse("{}") == .object(JSONObject()))
        #expect(try JSONParser.parse("\"\"") == .string(""))
    }

    @Test(arguments: [
        ("", "unexpected end"), ("[1,]", "trailing comma"), ("{\"a\":1,}", "trailing comma"), ("01", "leading zeros"),
        ("-", "invalid number"), ("1.", "invalid number"), (".5", "unexpected character"), ("NaN", "unexpected character"),
        ("[1] x", "after the JSON value"), ("// c\n1", "unexpected character"), ("\"a\nb\"", "control character"),
        ("\"\\x\"", "invalid escape"), ("{\"a\":1,\"a\":2}", "duplicate object key"), ("\"\\ud800\"", "lone high surrogate"),
        ("\"\\udc00\"", "lone low surrogate"), ("\"\\ud800\\u0041\"", "not followed by a low surrogate"), ("tru", "expected true"),
        ("{1:2}", "string object key"), ("[1 2]", "expected ','"), ("\"abc", "unterminated string"), ("\"\\u12\"", "four hex digits"),
        ("{\"a\" 1}", "expected ':'"), ("[", "unexpected end"), ("1e", "invalid number"), ("+1", "unexpected character"),
    ])
    func refusesInvalidText(text: String, fragment: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        do {
            _ = try JSONParser.parse(text)
        } catch {
            #expect(error.message.contains(fragment), "\(text): \(error)")
        }
    }

    @Test func errorOffsetPointsAtTheProblem() {
        #expect(throws: JSONParseError(offset: 4, message: "trailing comma")) { try JSONParser.parse("[1, ]") }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect((try? JSONParser.parse(ok)) != nil)
        let tooDeep = String(repeating: "{\"a\":", count: 65) + "1" + String(repeating: "}", count: 65)
        do {
            _ = try JSONParser.parse(tooDeep)
            Issue.record("expected a depth error")
        } catch {
            #expect(error.message.contains("deeper than the limit of 64"))
        }
    }

    @Test func sizeLimitsAreEnforced() {
        let big = "\"" + String(repeating: "a", count: 1 << 20) + "\""
        #expect(throws: JSONParseError.self) { try JSONParser.parse(big) }
        let limits = JSONParser.Limits(maxStringBytes: 3)
        #expect((try? JSONParser.parse("\"abc\"", limits: limits)) != nil)
        #expect(throws: JSONParseError.self) { try JSONParser.parse("\"abcd\"", limits: limits) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse("{\"abcd\":1}", limits: limits) }
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONParser.parse(#""\"\\\/\b\f\n\r\t\u00e9\u0000""#) == .string("\"\\/\u{8}\u{C}\n\r\té\u{0}"))
        #expect(try JSONParser.parse("\"é😀\"") == .string("é😀"))
    }

    @Test func numbers() throws {
        #expect(JSONNumber(literal: "3")?.isInteger == true)
        #expect(JSONNumber(literal: "3.0")?.isInteger == true)
        #expect(JSONNumber(literal: "3e2")?.isInteger == true)
        #expect(JSONNumber(literal: "-0")?.isInteger == true)
        #expect(JSONNumber(literal: "3.5")?.isInteger == false)
        #expect(JSONNumber(literal: "1e-1")?.isInteger == false)
        #expect(JSONNumber(literal: "1.5e1")?.isInteger == true)
        for bad in ["01", "1.", "", "-", "+1", "1e", " 1", "0x10", "1.0.0"] {
            #expect(JSONNumber(literal: bad) == nil, "\(bad)")
        }
        #expect(JSONNumber(42).literal == "42")
        #expect(JSONNumber(literal: "0.1")?.double == 0.1)
        #expect(JSONNumber(literal: "1e400")?.double == nil)
        #expect(JSONNumber(literal: "-9223372036854775808")?.intValue == Int.min)
        #expect(JSONNumber(literal: "9223372036854775808")?.intValue == nil)
        #expect(JSONNumber(literal: "2.5e1")?.intValue == 25)
    }

    @Test(arguments: [
        ("1", "1.0", 0), ("0.1", "0.10", 0), ("1e2", "100", 0), ("-1", "1", -1), ("0.3", "0.29999999999999999999", 1),
        ("123456789012345678901", "123456789012345678902", -1), ("-0", "0", 0), ("1e-5", "0", 1), ("-2", "-10", 1),
    ])
    func numbersCompareExactly(a: String, b: String, expected: Int) throws {
        let lhs = try #require(JSONNumber(literal: a))
        let rhs = try #require(JSONNumber(literal: b))
        #expect(lhs.compare(to: rhs).signum() == expected)
        #expect(rhs.compare(to: lhs).signum() == -expected)
    }
}
