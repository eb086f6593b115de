/// The `authorization` metadata value: `Bearer <api key>`.
enum BearerToken {
    /// Longer values are refused unread: the scheme, a space and a maximal key.
    static let maximumLength = "Bearer ".utf8.count + APIKey.maximumInputLength

    /// Why an authorization value held no key; for debug logs, never for callers.
    enum Rejection: Error, Hashable {
        case missing
        case tooLong
        case notBearer
        case key(APIKey.ParseError.Reason)
    }

    /// The key in `authorization`: scheme `Bearer` (any case), one or more spaces, the key.
    static func parse(_ authorization: String) -> Result<APIKey, Rejection> {
        let utf8 = authorization.utf8
        guard !utf8.isEmpty else { return .failure(.missing) }
        guard utf8.count <= Self.maximumLength else { return .failure(.tooLong) }
        let scheme = utf8.prefix(7)
        guard scheme.count == 7,
            scheme.prefix(6).map(Self.lowercased).elementsEqual("bearer".utf8),
            scheme.last == UInt8(ascii: " ")
        else { return .failure(.notBearer) }
        let token = utf8.dropFirst(7).drop { $0 == UInt8(ascii: " ") }
        do {
            return .success(try APIKey(parsing: String(decoding: token, as: UTF8.self)))
        } catch {
            return .failure(.key(error.reason))
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
