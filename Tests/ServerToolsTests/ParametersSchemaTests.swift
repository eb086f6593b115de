import Foundation
import ServerTools
import Testing

/// Each tool's published schema is JSON, an object schema listing its required properties, and uses only the
/// keywords the server's schema subset supports.
@Suite struct ParametersSchemaTests {
    static let allowedKeywords: Set<String> = [
        "type", "properties", "required", "enum", "const", "items", "minimum", "maximum",
        "minLength", "maxLength", "pattern", "additionalProperties", "description",
    ]

    @Test(arguments: [("calculator", ["expression"]), ("clock", ["operation"])])
    func schemaIsAnObjectSchemaWithItsRequiredProperties(name: String, required: [String]) throws {
        let tool = try #require(ServerToolRegistry.builtIn().tool(named: name))
        let parsed = try JSONSerialization.jsonObject(with: Data(tool.parametersSchema.utf8))
        let schema = try #require(parsed as? [String: Any])
        #expect(schema["type"] as? String == "object")
        #expect(schema["required"] as? [String] == required)
        let properties = try #require(schema["properties"] as? [String: Any])
        for property in required { #expect(properties[property] != nil, "\(property)") }
        #expect(Self.unsupportedKeywords(in: schema).isEmpty)
    }

    @Test func calculatorPatternAcceptsTheGrammarAndRejectsLetters() throws {
        let parsed = try JSONSerialization.jsonObject(with: Data(Calculator().parametersSchema.utf8)) as? [String: Any]
        let expression = try #require((parsed?["properties"] as? [String: Any])?["expression"] as? [String: Any])
        let pattern = try #require(expression["pattern"] as? String)
        let regex = try NSRegularExpression(pattern: pattern)
        func matches(_ text: String) -> Bool {
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        #expect(matches("(2^100 + .5) / 3 <= 1 != 0 == -1"))
        #expect(!matches("2 + x"))
        #expect(!matches("sqrt(2)"))
    }

    /// Keywords outside the supported subset, found by walking schema positions (not property names).
    static func unsupportedKeywords(in schema: [String: Any]) -> [String] {
        var found = schema.keys.filter { !allowedKeywords.contains($0) }
        for (key, value) in schema {
            if key == "properties", let properties = value as? [String: Any] {
                for case let child as [String: Any] in properties.values { found += unsupportedKeywords(in: child) }
            } else if key == "items" || key == "additionalProperties", let child = value as? [String: Any] {
                found += unsupportedKeywords(in: child)
            }
        }
        return found
    }
}
