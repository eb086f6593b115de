import ArgumentParser
import Foundation
import Images
import FlintAPI

/// The images of `apiclient complete --image FILE`: each file read whole, its media type
/// named by its first bytes (PNG, JPEG, GIF, WebP), never by its name.
enum ImageFiles {
    /// The image parts of `paths`, in order.
    static func parts(_ paths: [String]) throws -> [ContentPart] {
        try paths.map { path in
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("--image: cannot read '\(path)'") }
            let bytes = [UInt8](data)
            guard let format = ImageFormat.sniff(bytes) else {
                throw ValidationError("--image: '\(path)' is not a PNG, JPEG, GIF or WebP file (by its first bytes)")
            }
            return .image(ImagePart(data: bytes, mediaType: format.mediaType))
        }
    }
}
