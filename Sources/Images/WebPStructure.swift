/// Walks a WebP file: the RIFF size must be the file's, every chunk must fit (padded to an
/// even size), the first chunk is `VP8 ` (lossy, a key frame), `VP8L` (lossless, version 0)
/// or `VP8X` (extended: the canvas, then the image and its other chunks). The VP8X
/// animation flag or ANIM/ANMF chunks mean animation; an EXIF chunk gives the orientation.
enum WebPStructure {
    static func inspect(_ bytes: [UInt8]) throws(ImageRefusal) -> ImageInfo {
        var cursor = ByteCursor(bytes, offset: 4, context: "the RIFF header")
        let riffSize = try cursor.u32le()
        guard riffSize >= 4, riffSize % 2 == 0 else { throw .corrupt(.webp, "the RIFF size is \(riffSize)") }
        if riffSize + 8 > bytes.count {
            throw ImageRefusal(.truncated, "the file is truncated: its RIFF header declares \(riffSize + 8) bytes, the file has \(bytes.count)")
        }
        if riffSize + 8 < bytes.count { throw .trailing(.webp, after: "RIFF container", extra: bytes.count - riffSize - 8) }
        try cursor.skip(4)  // "WEBP"
        let chunks = try Self.chunks(&cursor)
        guard let first = chunks.first else { throw .corrupt(.webp, "it has no chunk") }
        switch first.type {
        case "VP8 ", "VP8L":
            guard chunks.count == 1 else { throw .corrupt(.webp, "a simple WebP file has chunks after its image (\(chunks[1].type))") }
            let (width, height) = try Self.imageSize(bytes, first)
            return ImageInfo(format: .webp, width: width, height: height, byteCount: bytes.count)
        case "VP8X":
            return try Self.extended(bytes, chunks)
        default:
            throw .corrupt(.webp, "the first chunk is '\(first.type)', not VP8, VP8L or VP8X")
        }
    }

    struct Chunk {
        var type: String
        var data: Range<Int>
    }

    private static func chunks(_ cursor: inout ByteCursor) throws(ImageRefusal) -> [Chunk] {
        var chunks: [Chunk] = []
        cursor.context = "a WebP chunk"
        while !cursor.isAtEnd {
            let type = try cursor.fourCC()
            let size = try cursor.u32le()
            guard size <= cursor.remaining else { throw .corrupt(.webp, "chunk '\(type)' declares \(size) bytes, more than the file holds") }
            chunks.append(Chunk(type: type, data: try cursor.range(size)))
            if size % 2 == 1 { try cursor.skip(1) }
        }
        return chunks
    }

    private static func extended(_ bytes: [UInt8], _ chunks: [Chunk]) throws(ImageRefusal) -> ImageInfo {
        let header = chunks[0]
        guard header.data.count == 10 else { throw .corrupt(.webp, "VP8X is \(header.data.count) bytes, not 10") }
        var cursor = ByteCursor(bytes, offset: header.data.lowerBound, context: "VP8X")
        let flags = try cursor.u8()
        try cursor.skip(3)
        let width = try cursor.u24le() + 1
        let height = try cursor.u24le() + 1
        guard width * height <= Int(UInt32.max) else { throw .corrupt(.webp, "the canvas is \(width)×\(height), more than WebP allows") }
        var animated = flags & 0x02 != 0
        var orientation = 1
        var images = 0
        for chunk in chunks.dropFirst() {
            switch chunk.type {
            case "ANIM", "ANMF":
                animated = true
            case "EXIF":
                orientation = try EXIFOrientation.read(bytes, chunk.data)
            case "VP8 ", "VP8L":
                images += 1
                let (imageWidth, imageHeight) = try imageSize(bytes, chunk)
                guard imageWidth == width, imageHeight == height else {
                    throw .corrupt(.webp, "the image is \(imageWidth)×\(imageHeight) but the canvas \(width)×\(height)")
                }
            case "VP8X":
                throw .corrupt(.webp, "a second VP8X chunk")
            default:
                continue
            }
        }
        if !animated, images != 1 { throw .corrupt(.webp, "a still image has \(images) image chunks, not 1") }
        return ImageInfo(format: .webp, width: width, height: height, orientation: orientation, isAnimated: animated, byteCount: bytes.count)
    }

    /// The size a VP8 key frame header or a VP8L header declares.
    private static func imageSize(_ bytes: [UInt8], _ chunk: Chunk) throws(ImageRefusal) -> (Int, Int) {
        var cursor = ByteCursor(bytes, offset: chunk.data.lowerBound, context: "the \(chunk.type) header")
        if chunk.type == "VP8L" {
            guard chunk.data.count >= 5 else { throw .corrupt(.webp, "VP8L is \(chunk.data.count) bytes") }
            guard try cursor.u8() == 0x2F else { throw .corrupt(.webp, "VP8L has no signature byte") }
            let bits = try cursor.u32le()
            guard bits >> 29 == 0 else { throw .corrupt(.webp, "VP8L version \(bits >> 29)") }
            return ((bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1)
        }
        guard chunk.data.count >= 10 else { throw .corrupt(.webp, "VP8 is \(chunk.data.count) bytes") }
        let tag = try cursor.u24le()
        guard tag & 1 == 0 else { throw .corrupt(.webp, "the VP8 frame is not a key frame") }
        guard tag >> 5 <= chunk.data.count - 10 else { throw .corrupt(.webp, "the VP8 frame's first partition is larger than its chunk") }
        guard try cursor.u8() == 0x9D, try cursor.u8() == 0x01, try cursor.u8() == 0x2A else {
            throw .corrupt(.webp, "the VP8 frame has no start code")
        }
        let width = try cursor.u16le() & 0x3FFF
        let height = try cursor.u16le() & 0x3FFF
        guard width > 0, height > 0 else { throw .corrupt(.webp, "the VP8 frame declares a \(width)×\(height) image") }
        return (width, height)
    }
}
