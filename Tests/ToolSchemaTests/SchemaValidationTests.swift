import Testing

@testable import ToolSchema

@Suite struct SchemaValidationTests {
    func violations(_ schema: String, _ value: String) throws -> [SchemaViolation] {
        let compiled = try JSONSchema(compiling: schema, limits: .init(requireObjectRoot: false))
        return compiled.validate(try JSONParser.parse(value))
    }

    func paths(_ schema: String, _ value: String) throws -> [String] {
        try violations(schema, value).map(\.path)
    }

    @Test(arguments: [
        (##"{"type":"integer"}"##, "3", true), (##"{"type":"integer"}"##, "3.0", true), (##"{"type":"integer"}"##, "3.5", false),
        (##"{"type":"number"}"##, "3.5", true), (##"{"type":"number"}"##, "\"3\"", false), (##"{"type":["string","null"]}"##, "null", true),
        (##"{"type":["string","null"]}"##, "1", false), (##"{"type":"boolean"}"##, "false", true), (##"{"type":"null"}"##, "0", false),
        (##"{"type":"array"}"##, "{}", false), (##"{"type":"object"}"##, "[]", false), (##"{"enum":[1,"a",{"k":[true]}]}"##, "1.0", true),
        (##"{"enum":[1,"a",{"k":[true]}]}"##, ##"{"k":[true]}"##, true), (##"{"enum":[1,"a"]}"##, "\"b\"", false),
        (##"{"const":{"a":1,"b":2}}"##, ##"{"b":2,"a":1}"##, true), (##"{"const":2}"##, "3", false),
        (##"{"minLength":2,"maxLength":3}"##, "\"é😀\"", true), (##"{"minLength":3}"##, "\"é😀\"", false),
        (##"{"maxLength":1}"##, "\"ab\"", false), (##"{"maxLength":1}"##, "5", true),
        (##"{"pattern":"^[a-z]+$"}"##, "\"abc\"", true), (##"{"pattern":"^[a-z]+$"}"##, "\"ab1\"", false),
        (##"{"pattern":"b"}"##, "\"abc\"", true), (##"{"minimum":1.5}"##, "1.5", true), (##"{"minimum":1.5}"##, "1.4999999999999999999", false),
        (##"{"maximum":10}"##, "1e1", true), (##"{"maximum":10}"##, "10.0001", false), (##"{"exclusiveMinimum":0}"##, "0", false),
        (##"{"exclusiveMinimum":0}"##, "0.000001", true), (##"{"exclusiveMaximum":5}"##, "5", false), (##"{"exclusiveMaximum":5}"##, "4", true),
        (##"{"minItems":1,"maxItems":2}"##, "[1]", true), (##"{"minItems":1}"##, "[]", false), (##"{"maxItems":2}"##, "[1,2,3]", false),
        (##"{"anyOf":[{"type":"string"},{"type":"integer"}]}"##, "1", true), (##"{"anyOf":[{"type":"string"},{"type":"integer"}]}"##, "1.5", false),
        (##"{"oneOf":[{"type":"number"},{"type":"integer"}]}"##, "1.5", true), (##"{"oneOf":[{"type":"number"},{"type":"integer"}]}"##, "1", false),
        (##"{"allOf":[{"minimum":1},{"maximum":2}]}"##, "1.5", true), (##"{"allOf":[{"minimum":1},{"maximum":2}]}"##, "3", false),
        (##"{"$defs":{"S":{"type":"string"}},"$ref":"#/$defs/S"}"##, "\"x\"", true),
        (##"{"definitions":{"S":{"type":"string"}},"$ref":"#/definitions/S"}"##, "1", false),
        ("false", "1", false), ("true", "1", true),
    ])
    func keyword(schema: String, value: String, valid: Bool) throws {
        #expect(try violations(schema, value).isEmpty == valid, "\(schema) vs \(value)")
    }

    @Test func objectKeywordsReportPaths() throws {
        let schema =
            ##"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"array","items":{"type":"integer"}}},"##
            + ##""required":["a","c"],"additionalProperties":false}"##
        #expect(try violations(schema, ##"{"a":"x","c":1}"##).isEmpty == false)
        #expect(try paths(schema, ##"{"a":1,"b":[1,"x",2.5],"c":0,"d":0}"##) == ["/a", "/b/1", "/b/2", "/c", "/d"])
        let missing = try violations(schema, ##"{"c":0}"##)
        #expect(missing.map(\.path) == ["", "/c"])
        #expect(missing[0].message.contains("\"a\""))
        let extraSchema = ##"{"type":"object","additionalProperties":{"type":"integer"}}"##
        #expect(try paths(extraSchema, ##"{"x/y":1,"z~":"s"}"##) == ["/z~0"])
        #expect(try paths(extraSchema, ##"{"x/y":"s"}"##) == ["/x~1y"])
    }

    @Test func stopsAfterTwentyViolations() throws {
        let schema = ##"{"type":"array","items":{"type":"string"}}"##
        let value = "[" + (0..<100).map(String.init).joined(separator: ",") + "]"
        #expect(try violations(schema, value).count == 20)
    }

    @Test func boundsWorkOnExplosiveSchemas() throws {
        var defs = [##""d0":{"type":"string"}"##]
        for level in 1...40 {
            defs.append(##""d\##(level)":{"anyOf":[{"$ref":"#/$defs/d\##(level - 1)"},{"$ref":"#/$defs/d\##(level - 1)"}]}"##)
        }
        let text = ##"{"type":"object","properties":{"x":{"$ref":"#/$defs/d40"}},"$defs":{"## + defs.joined(separator: ",") + "}}"
        let schema = try JSONSchema(compiling: text)
        let result = schema.validate(["x": 1])
        #expect(result.count == 1)
        #expect(result.first?.message.contains("too costly") == true)
        #expect(schema.validate(["x": "s"]).isEmpty)
    }
}
