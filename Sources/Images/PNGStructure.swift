/// Walks a PNG file's chunks: every CRC checked, IHDR first and well formed, PLTE where
/// the colour type needs one, at least one IDAT, IEND last and nothing after it. `acTL`
/// (APNG) means animation; `eXIf` gives the orientation.
enum PNGStructure {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Deflate expands at most about 1032:1, so compressed image data shorter than the
    /// raw scanlines / this cannot hold the image IHDR declares.
    static let maximumDeflateRatio = 1032

    static func inspect(_ bytes: [UInt8]) throws(ImageRefusal) -> ImageInfo {
        var cursor = ByteCursor(bytes, offset: signature.count, context: "a PNG chunk")
        var header: (width: Int, height: Int, bitsPerPixel: Int, colorType: Int)?
        var orientation = 1
        var animated = false
        var hasPalette = false
        var imageDataBytes = 0
        while true {
            let length = try cursor.u32be()
            guard length <= Int(Int32.max) else { throw .corrupt(.png, "a chunk declares \(length) bytes") }
            let typeRange = try cursor.range(4)
            let type = String(decoding: bytes[typeRange], as: Unicode.ASCII.self)
            guard bytes[typeRange].allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                throw .corrupt(.png, "a chunk type is not four letters")
            }
            guard length <= cursor.remaining else { throw .truncated("the PNG chunk \(type)") }
            let data = try cursor.range(length)
            let stored = UInt32(truncatingIfNeeded: try cursor.u32be())
            guard CRC32.checksum(bytes[typeRange.lowerBound..<data.upperBound]) == stored else {
                throw .corrupt(.png, "the CRC of chunk \(type) is wrong")
            }
            if header == nil, type != "IHDR" { throw .corrupt(.png, "the first chunk is \(type), not IHDR") }
            switch type {
            case "IHDR":
                guard header == nil else { throw .corrupt(.png, "a second IHDR chunk") }
                header = try Self.header(bytes, data)
            case "PLTE":
                hasPalette = true
            case "acTL":
                animated = true
            case "eXIf":
                orientation = try EXIFOrientation.read(bytes, data)
            case "IDAT":
                imageDataBytes += length
            case "IEND":
                guard length == 0 else { throw .corrupt(.png, "IEND carries data") }
                guard let header else { throw .corrupt(.png, "IEND before IHDR") }
                guard imageDataBytes > 0 else { throw .corrupt(.png, "there is no IDAT chunk") }
                if header.colorType == 3, !hasPalette { throw .corrupt(.png, "a palette image without a PLTE chunk") }
                let rowBytes = (header.width * header.bitsPerPixel + 7) / 8 + 1
                let (rawBytes, overflow) = rowBytes.multipliedReportingOverflow(by: header.height)
                if overflow || imageDataBytes < rawBytes / maximumDeflateRatio {
                    throw .corrupt(.png, "\(imageDataBytes) bytes of image data cannot hold the \(header.width)×\(header.height) image IHDR declares")
                }
                guard cursor.isAtEnd else { throw .trailing(.png, after: "IEND chunk", extra: cursor.remaining) }
                return ImageInfo(
                    format: .png, width: header.width, height: header.height, orientation: orientation, isAnimated: animated, byteCount: bytes.count)
            default:
                continue
            }
        }
    }

    private static func header(_ bytes: [UInt8], _ data: Range<Int>) throws(ImageRefusal) -> (Int, Int, Int, Int) {
        guard data.count == 13 else { throw .corrupt(.png, "IHDR is \(data.count) bytes, not 13") }
        var cursor = ByteCursor(bytes, offset: data.lowerBound, context: "IHDR")
        let width = try cursor.u32be()
        let height = try cursor.u32be()
        let depth = try cursor.u8()
        let colorType = try cursor.u8()
        let (compression, filter, interlace) = (try cursor.u8(), try cursor.u8(), try cursor.u8())
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw .corrupt(.png, "IHDR declares a \(width)×\(height) image")
        }
        let channels: Int
        let depths: Set<Int>
        switch colorType {
        case 0: (channels, depths) = (1, [1, 2, 4, 8, 16])
        case 2: (channels, depths) = (3, [8, 16])
        case 3: (channels, depths) = (1, [1, 2, 4, 8])
        case 4: (channels, depths) = (2, [8, 16])
        case 6: (channels, depths) = (4, [8, 16])
        default: throw .corrupt(.png, "unknown colour type \(colorType)")
        }
        guard depths.contains(depth) else { throw .corrupt(.png, "bit depth \(depth) with colour type \(colorType)") }
        guard compression == 0, filter == 0, interlace <= 1 else { throw .corrupt(.png, "unknown compression, filter or interlace method") }
        return (width, height, channels * depth, colorType)
    }
}
