import Testing
import FlintAPI

@Suite struct ProtobufRedactionTests {
    @Test("RequestHeaders never print the API key")
    func authorizationIsRedacted() {
        let headers = RequestHeaders(
            method: "/flint.v1.Health/Check", authorization: "Bearer flint_k_SECRET")
        var dumped = ""
        dump(headers, to: &dumped)
        for text in [
            String(describing: headers), String(reflecting: headers), "\(headers)", dumped,
        ] {
            #expect(!text.contains("SECRET"))
            #expect(text.contains("<redacted>"))
            #expect(text.contains("/flint.v1.Health/Check"))
        }
    }
}
