import Testing

@testable import ToolSchema

@Suite struct JSONSerializationTests {
    @Test func escapesStrings() {
        #expect(JSONValue.string("a\"b\\c").serialized() == #""a\"b\\c""#)
        #expect(JSONValue.string("\u{1}\n\u{1F}").serialized() == #""\u0001\u000a\u001f""#)
        #expect(JSONValue.string("é😀/\u{7F}").serialized() == "\"é😀/\u{7F}\"")
    }

    @Test func compactInStoredOrder() {
        let value: JSONValue = ["z": [1, nil, true], "a": ["k": "v"]]
        #expect(value.serialized() == #"{"z":[1,null,true],"a":{"k":"v"}}"#)
    }

    @Test func roundTripsRandomValues() throws {
        var random = SeededGenerator(seed: 0x5EED)
        for _ in 0..<500 {
            let value = Self.randomValue(depth: 0, using: &random)
            let text = value.serialized()
            #expect(try JSONParser.parse(text) == value, "\(text)")
        }
    }

    @Test func jsonEqualityIgnoresMemberOrderAndNumberSpelling() throws {
        let a = try JSONParser.parse(#"{"x":1,"y":[1.0,"s"]}"#)
        let b = try JSONParser.parse(#"{"y":[1,"s"],"x":1e0}"#)
        #expect(a != b)
        #expect(a.isJSONEqual(to: b))
        #expect(!a.isJSONEqual(to: try JSONParser.parse(#"{"x":1,"y":[2,"s"]}"#)))
    }

    static func randomValue(depth: Int, using random: inout SeededGenerator) -> JSONValue {
        let pick = Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &random)
        switch pick {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number(randomNumber(using: &random))
        case 3: return .string(randomString(using: &random))
        case 4: return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in randomValue(depth: depth + 1, using: &random) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                _ = object.insertNew(key: randomString(using: &random), value: randomValue(depth: depth + 1, using: &random))
            }
            return .object(object)
        }
    }

    static func randomNumber(using random: inout SeededGenerator) -> JSONNumber {
        let literals = ["0", "-0", "1", "-17", "3.25", "1e10", "2.5E-3", "-0.0", "123456789012345678901234567890", "1e+2"]
        if Bool.random(using: &random) { return JSONNumber(Int.random(in: -1_000_000...1_000_000, using: &random)) }
        return JSONNumber(literal: literals.randomElement(using: &random)!)!
    }

    static func randomString(using random: inout SeededGenerator) -> String {
        let pool: [Unicode.Scalar] = ["a", "Z", " ", "\"", "\\", "/", "\n", "\u{0}", "\u{1F}", "é", "€", "😀", "\u{2028}", "\u{FFFF}"]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...6, using: &random) { scalars.append(pool.randomElement(using: &random)!) }
        return String(scalars)
    }
}
