/// The image formats Flint accepts, told apart by their first bytes.
public enum ImageFormat: String, Hashable, Sendable, CaseIterable {
    case png
    case jpeg
    case webp
    case gif

    /// The IANA media type a request must declare for this format.
    public var mediaType: String {
        switch self {
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .webp: "image/webp"
        case .gif: "image/gif"
        }
    }

    /// The format whose media type is `mediaType` (compared without case, as media types
    /// are), or nil.
    public init?(mediaType: String) {
        let lowered = mediaType.lowercased()
        guard let format = Self.allCases.first(where: { $0.mediaType == lowered }) else { return nil }
        self = format
    }

    /// The format `bytes` start like, or nil: PNG's 8-byte signature, JPEG's SOI marker
    /// followed by a marker, `RIFF….WEBP`, `GIF87a`/`GIF89a`.
    public static func sniff(_ bytes: [UInt8]) -> ImageFormat? {
        func starts(with prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && bytes[offset..<(offset + prefix.count)].elementsEqual(prefix)
        }
        if starts(with: PNGStructure.signature) { return .png }
        if starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(with: Array("RIFF".utf8)), starts(with: Array("WEBP".utf8), at: 8) { return .webp }
        if starts(with: Array("GIF87a".utf8)) || starts(with: Array("GIF89a".utf8)) { return .gif }
        return nil
    }
}
