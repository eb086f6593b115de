import Testing
import FlintAPI

/// API keys and image bytes never show in descriptions, debug descriptions or dumps.
@Suite struct ProtobufAPIRedactionTests {
    /// Everything a value may be printed as.
    private func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), "\(value)", dumped]
    }

    @Test("IssueKeyResponse and RotateKeyResponse never print the API key")
    func apiKeysAreRedacted() {
        let key = KeyInfo(id: "k7Hq2", partner: "acme")
        let values: [Any] = [
            IssueKeyResponse(key: key, apiKey: "flint_k7Hq2_SECRET"),
            RotateKeyResponse(key: key, apiKey: "flint_k8_SECRET", previous: key),
        ]
        for value in values {
            for text in renderings(value) {
                #expect(!text.contains("SECRET"), "\(text)")
                #expect(text.contains("<redacted>"), "\(text)")
                #expect(text.contains("k7Hq2"), "\(text)")
            }
        }
    }

    @Test("an API key inside a collection or an optional stays redacted")
    func nestedRedaction() {
        let responses = [IssueKeyResponse(apiKey: "flint_a_SECRET")]
        let optional: RotateKeyResponse? = RotateKeyResponse(apiKey: "flint_b_SECRET")
        for text in renderings(responses) + renderings(optional as Any) {
            #expect(!text.contains("SECRET"), "\(text)")
        }
    }

    @Test("an empty API key shows as absent")
    func emptyKey() {
        #expect(String(describing: IssueKeyResponse()).contains("apiKey: <none>"))
    }

    @Test("image bytes show as a byte count, wherever the image is")
    func imageBytesAreCounted() {
        let image = ImagePart(data: [UInt8](repeating: 0xAB, count: 1_000), mediaType: "image/png")
        let values: [Any] = [
            image, ContentPart.image(image),
            CompleteRequest(messages: [Message(role: .user, parts: [.image(image)])]),
            ToolResult(content: [.image(image)]),
        ]
        for value in values {
            for text in renderings(value) {
                #expect(text.contains("1000 bytes"), "\(text)")
                #expect(!text.contains("171"), "\(text)")  // 0xAB
                #expect(text.contains("image/png"), "\(text)")
            }
        }
    }
}
