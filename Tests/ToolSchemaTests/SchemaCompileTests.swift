import Testing

@testable import ToolSchema

@Suite struct SchemaCompileTests {
    func compileError(_ text: String, limits: JSONSchema.Limits = .init()) -> SchemaError? {
        do {
            _ = try JSONSchema(compiling: text, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ["format", "patternProperties", "if", "not", "dependentRequired", "multipleOf", "uniqueItems", "$comment", "prefixItems"])
    func refusesUnsupportedKeywordsNamingThePath(keyword: String) throws {
        let text = ##"{"type":"object","properties":{"x":{"type":"string","\##(keyword)":{}}}}"##
        let error = try #require(compileError(text))
        #expect(error.path == "/properties/x/\(keyword)")
        #expect(error.message.contains("\"\(keyword)\""))
    }

    @Test(arguments: [
        (##"{"type":"object","properties":{"x":{"type":"str"}}}"##, "/properties/x/type"),
        (##"{"type":"object","properties":{"x":{"type":["string","string"]}}}"##, "/properties/x/type/1"),
        (##"{"type":"object","properties":{"x":{"type":5}}}"##, "/properties/x/type"),
        (##"{"type":"object","properties":{"x":{"$ref":"http://example.com/s.json"}}}"##, "/properties/x/$ref"),
        (##"{"type":"object","properties":{"x":{"$ref":"#/$defs/Nope"}}}"##, "/properties/x/$ref"),
        (##"{"type":"object","properties":{"x":{"$ref":5}}}"##, "/properties/x/$ref"),
        (##"{"type":"object","properties":{"x":{"pattern":"("}}}"##, "/properties/x/pattern"),
        (##"{"type":"object","properties":{"x":{"items":[{}]}}}"##, "/properties/x/items"),
        (##"{"type":"object","properties":{"x":{"minItems":-1}}}"##, "/properties/x/minItems"),
        (##"{"type":"object","properties":{"x":{"maxLength":1.5}}}"##, "/properties/x/maxLength"),
        (##"{"type":"object","properties":{"x":{"minimum":"1"}}}"##, "/properties/x/minimum"),
        (##"{"type":"object","required":["a",1]}"##, "/required/1"),
        (##"{"type":"object","properties":{"x":{"enum":[]}}}"##, "/properties/x/enum"),
        (##"{"type":"object","properties":{"x":{"anyOf":[]}}}"##, "/properties/x/anyOf"),
        (##"{"type":"object","properties":{"x":3}}"##, "/properties/x"),
        (##"{"type":"object","additionalProperties":"no"}"##, "/additionalProperties"),
        (##"{"type":"object","description":7}"##, "/description"),
        (##"{"type":"object","$defs":{"A":{"format":"date"}}}"##, "/$defs/A/format"),
    ])
    func refusesBadKeywordValues(text: String, path: String) throws {
        let error = try #require(compileError(text))
        #expect(error.path == path, "\(error)")
    }

    @Test(arguments: [
        ##"{"type":"object","$defs":{"A":{"$ref":"#/$defs/A"}}}"##,
        ##"{"type":"object","$defs":{"A":{"$ref":"#/$defs/B"},"B":{"anyOf":[{"$ref":"#/$defs/A"}]}}}"##,
        ##"{"type":"object","allOf":[{"$ref":"#"}]}"##,
    ])
    func refusesCyclesThatConsumeNoInput(text: String) throws {
        let error = try #require(compileError(text))
        #expect(error.message.contains("cycle"), "\(error)")
    }

    @Test func acceptsRecursionThroughProperties() throws {
        let text =
            ##"{"type":"object","properties":{"root":{"$ref":"#/$defs/Node"}},"##
            + ##""$defs":{"Node":{"type":"object","properties":{"kids":{"type":"array","items":{"$ref":"#/$defs/Node"}}}}}}"##
        let schema = try JSONSchema(compiling: text)
        #expect(schema.isValid(try JSONParser.parse(##"{"root":{"kids":[{"kids":[]},{}]}}"##)))
        #expect(!schema.isValid(try JSONParser.parse(##"{"root":{"kids":[{"kids":5}]}}"##)))
        #expect(schema.rootPropertyNames == ["root"])
    }

    @Test func rootMustBeAnObjectSchema() throws {
        #expect(compileError(##"{"type":"string"}"##)?.path == "")
        #expect(compileError(##"{"properties":{}}"##) != nil)
        #expect(compileError("true") != nil)
        #expect(compileError("[1]") != nil)
        #expect(compileError("{") != nil)
        #expect(compileError(##"{"type":"string"}"##, limits: .init(requireObjectRoot: false)) == nil)
    }

    @Test func enforcesSizeLimits() throws {
        var nested = ##"{"type":"object"}"##
        for _ in 0..<40 { nested = ##"{"type":"object","properties":{"a":\##(nested)}}"## }
        #expect(compileError(nested)?.message.contains("deeper") == true)
        let many = (0..<2_001).map { "\"p\($0)\":{}" }.joined(separator: ",")
        #expect(compileError(##"{"type":"object","properties":{\##(many)}}"##, limits: .init(maxBytes: 1 << 20))?.message.contains("subschemas") == true)
        let padding = String(repeating: "x", count: 70_000)
        #expect(compileError(##"{"type":"object","description":"\##(padding)"}"##)?.message.contains("bytes") == true)
    }

    @Test func acceptsAnnotationsAndKeepsSource() throws {
        let text =
            ##"{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"x","title":"T","description":"D","type":"object","##
            + ##""default":{},"examples":[{}],"properties":{"a":{"type":"integer"},"b":{}},"definitions":{"D":true}}"##
        let schema = try JSONSchema(compiling: text)
        #expect(schema.source == (try JSONParser.parse(text)))
        #expect(schema.rootPropertyNames == ["a", "b"])
    }
}
