/// Checks one image file without decoding it: its size, its format against the declared
/// media type, its whole structure (bounded work: one pass over the bytes, never an
/// allocation in proportion to what a header claims), then the limits on what it shows.
public enum ImageInspector {
    /// The media types Flint accepts, in the order docs list them.
    public static var mediaTypes: [String] { ImageFormat.allCases.map(\.mediaType) }

    public static func inspect(_ bytes: [UInt8], mediaType: String, limits: ImageLimits) throws(ImageRefusal) -> ImageInfo {
        guard bytes.count <= limits.maxImageBytes else {
            throw ImageRefusal(.tooManyBytes, "the image is \(bytes.count) bytes; at most \(limits.maxImageBytes) are accepted")
        }
        let info = try structure(bytes, mediaType: mediaType)
        try limits.check(info)
        return info
    }

    /// The format, the declared media type and the structure, without limits.
    public static func structure(_ bytes: [UInt8], mediaType: String) throws(ImageRefusal) -> ImageInfo {
        guard !bytes.isEmpty else { throw ImageRefusal(.empty, "the image has no bytes") }
        let accepted = mediaTypes.joined(separator: ", ")
        guard let declared = ImageFormat(mediaType: mediaType) else {
            throw ImageRefusal(.mediaTypeMismatch, "media_type '\(mediaType.prefix(64))' is not one of \(accepted)")
        }
        guard let format = ImageFormat.sniff(bytes) else {
            throw ImageRefusal(.unknownFormat, "the bytes are not a \(declared.displayName) file (nor any of \(accepted))")
        }
        guard format == declared else {
            throw ImageRefusal(.mediaTypeMismatch, "the bytes are a \(format.displayName) file, but media_type says \(declared.mediaType)")
        }
        switch format {
        case .png: return try PNGStructure.inspect(bytes)
        case .jpeg: return try JPEGStructure.inspect(bytes)
        case .gif: return try GIFStructure.inspect(bytes)
        case .webp: return try WebPStructure.inspect(bytes)
        }
    }
}
