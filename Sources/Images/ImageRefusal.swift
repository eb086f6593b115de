/// Why an image is refused, with a sentence for the caller.
public struct ImageRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// No bytes at all.
        case empty
        /// The bytes are none of PNG, JPEG, WebP, GIF.
        case unknownFormat
        /// The declared media type is not one Flint takes, or not the file's format.
        case mediaTypeMismatch
        /// The file ends before its structure does.
        case truncated
        /// A bad checksum, a malformed or contradictory header or chunk.
        case corrupt
        /// Bytes after the end of the image: another file appended (a polyglot).
        case trailingData
        /// More than one frame.
        case animated
        /// A side outside the allowed range.
        case sideOutOfRange
        /// More pixels than allowed.
        case tooManyPixels
        /// A file larger than allowed.
        case tooManyBytes
        /// More images in the request than allowed.
        case tooManyImages
        /// More bytes of images in the request than allowed.
        case requestTooLarge
    }

    public var kind: Kind
    public var reason: String

    public init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { reason }

    static func truncated(_ what: String) -> ImageRefusal {
        ImageRefusal(.truncated, "the file is truncated: it ends inside \(what)")
    }

    static func corrupt(_ format: ImageFormat, _ what: String) -> ImageRefusal {
        ImageRefusal(.corrupt, "the \(format.displayName) file is corrupt: \(what)")
    }

    static func trailing(_ format: ImageFormat, after end: String, extra: Int) -> ImageRefusal {
        ImageRefusal(.trailingData, "\(extra) byte\(extra == 1 ? "" : "s") follow the \(format.displayName) file's \(end); a file with another appended is refused")
    }
}

extension ImageFormat {
    /// The name people use: PNG, JPEG, WebP, GIF.
    public var displayName: String {
        switch self {
        case .png: "PNG"
        case .jpeg: "JPEG"
        case .webp: "WebP"
        case .gif: "GIF"
        }
    }
}
