import ArgumentParser
import Foundation
import Wire

/// The images of `apiclient complete --image FILE`: each file read whole, its media type
/// named by its first bytes (PNG, JPEG, GIF, WebP), never by its name.
enum ImageFiles {
    /// The image parts of `paths`, in order.
    static func parts(_ paths: [String]) throws -> [ContentPart] {
        try paths.map { path in
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("--image: cannot read '\(path)'") }
            let bytes = [UInt8](data)
            guard let mediaType = mediaType(of: bytes) else {
                throw ValidationError("--image: '\(path)' is not a PNG, JPEG, GIF or WebP file (by its first bytes)")
            }
            return .image(ImagePart(data: bytes, mediaType: mediaType))
        }
    }

    /// The media type the magic bytes say, or nil.
    static func mediaType(of bytes: [UInt8]) -> String? {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + magic.count && Array(bytes[offset..<offset + magic.count]) == magic
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        return nil
    }
}
