import Foundation
import Testing

@testable import Auth

@Suite struct APIKeyTests {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    private func reason(_ text: String) -> APIKey.ParseError.Reason? {
        do {
            _ = try APIKey(parsing: text)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func generatedKeysHaveTheDocumentedShape() throws {
        let key = APIKey.generate()
        let text = key.plaintext
        #expect(text.utf8.count == APIKey.length)
        #expect(text.utf8.count == 52)
        #expect(text.hasPrefix("flint_\(key.id)_"))
        #expect(text.utf8.allSatisfy { $0 == UInt8(ascii: "_") || Base62.isDigit($0) })
        let parsed = try APIKey(parsing: text)
        #expect(parsed.id == key.id)
        #expect(parsed.secret == key.secret)
        #expect(parsed.plaintext == text)
    }

    @Test func secretsCarryAtLeast160BitsFromTheCSPRNG() {
        #expect(APIKey.secretLength == 27)
        #expect(Double(APIKey.secretLength) * log2(62) >= 160)
        var seen: Set<String> = []
        var counts: [Character: Int] = [:]
        for _ in 0..<2000 {
            let key = APIKey.generate()
            #expect(key.secret.count == APIKey.secretLength)
            #expect(key.id.rawValue.count >= 12)
            seen.insert(key.secret)
            for character in key.secret { counts[character, default: 0] += 1 }
        }
        #expect(seen.count == 2000)
        // 54,000 draws over 62 symbols: every symbol shows up, none wildly over-drawn.
        #expect(counts.count == 62)
        #expect(counts.values.allSatisfy { (500...1300).contains($0) })
    }

    @Test func everySingleCharacterChangeIsRejectedOffline() {
        var generator = SplitMix64(seed: 7)
        let candidates = Self.alphabet + ["_", "-", " ", "é", "\u{0}"]
        for _ in 0..<5 {
            let original = Array(APIKey.generate(using: &generator).plaintext)
            for position in original.indices {
                for replacement in candidates where replacement != original[position] {
                    var mutated = original
                    mutated[position] = replacement
                    #expect(self.reason(String(mutated)) != nil, "position \(position) → \(replacement) was accepted")
                }
            }
        }
    }

    @Test func checksumCatchesChangesThatKeepTheShape() {
        let original = Array(APIKey.generate().plaintext)
        var mutated = original
        let position = 25  // inside the secret
        mutated[position] = mutated[position] == "a" ? "b" : "a"
        #expect(self.reason(String(mutated)) == .badChecksum)
    }

    @Test func hostileInputIsRejectedWithTheRightReason() {
        let valid = APIKey.generate().plaintext
        #expect(self.reason("") == .empty)
        #expect(self.reason(String(repeating: "a", count: 1 << 20)) == .tooLong)
        #expect(self.reason(String(repeating: "a", count: APIKey.maximumInputLength + 1)) == .tooLong)
        #expect(self.reason("flint_ÄÖÜ") == .notASCII)
        #expect(self.reason(valid.replacingFirst("f", with: "ƒ")) == .notASCII)
        #expect(self.reason("sk-" + valid.dropFirst(6)) == .wrongPrefix)
        #expect(self.reason("FLINT_" + valid.dropFirst(6)) == .wrongPrefix)
        #expect(self.reason(valid + "x") == .malformed)
        #expect(self.reason(String(valid.dropLast())) == .malformed)
        #expect(self.reason(" " + valid) == .wrongPrefix)
        #expect(self.reason(valid + "\n") == .malformed)
        #expect(self.reason("flint_") == .malformed)
    }

    @Test func randomStringsNeverParse() {
        var generator = SplitMix64(seed: 42)
        let pool = Self.alphabet + ["_", "-", "é", "\u{0}", " "]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...80, using: &generator)
            let body = String((0..<length).map { _ in pool.randomElement(using: &generator)! })
            let text = Bool.random(using: &generator) ? "flint_" + body : body
            #expect(self.reason(text) != nil)
        }
    }

    @Test func randomBytesNeverCrashTheParser() {
        var generator = SplitMix64(seed: 99)
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0...200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = self.reason(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func keysAreRedactedInEveryRendering() throws {
        let key = APIKey.generate()
        var dumped = ""
        dump(key, to: &dumped)
        let renderings = [
            "\(key)", String(describing: key), String(reflecting: key), dumped,
            String(describing: Mirror(reflecting: key).children.map(\.value)),
        ]
        for text in renderings {
            #expect(!text.contains(key.secret))
            #expect(!text.contains(key.plaintext))
            #expect(text.contains(key.id.rawValue) || text.contains("redacted"))
        }
        let error = #expect(throws: APIKey.ParseError.self) {
            try APIKey(parsing: String(key.plaintext.dropLast()) + "!")
        }
        #expect(!"\(String(describing: error))".contains(key.secret))
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum("123456789".utf8) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test func base62EncodesAtFixedWidth() {
        #expect(Base62.encode(0, width: 6) == "000000")
        #expect(Base62.encode(61, width: 2) == "0z")
        #expect(Base62.encode(UInt64(UInt32.max), width: 6) == "4gfFC3")
        #expect(Base62.decode("4gfFC3".utf8) == UInt64(UInt32.max))
        #expect(Base62.decode("zzzzzzzzzzzzzzzzzz".utf8) == nil)
    }

    @Test func keyIDsAreValidated() {
        #expect(KeyID("abcdefABCDEF") != nil)
        #expect(KeyID("abcdefABCDE") == nil)
        #expect(KeyID("abcdefABCDEF0") == nil)
        #expect(KeyID("abcdef_BCDEF") == nil)
        #expect(KeyID("") == nil)
    }
}

extension String {
    fileprivate func replacingFirst(_ target: Character, with replacement: Character) -> String {
        guard let index = self.firstIndex(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(index...index, with: String(replacement))
        return copy
    }
}
