/// Walks a JPEG file's markers: SOI, segments with their lengths, one frame header
/// (SOF0…SOF15 but DHT, JPG and DAC) with both sides above 0 before the first scan, each
/// scan's entropy-coded data to the next marker, and EOI with nothing after it. The first
/// APP1 `Exif` segment gives the orientation.
enum JPEGStructure {
    static func inspect(_ bytes: [UInt8]) throws(ImageRefusal) -> ImageInfo {
        var cursor = ByteCursor(bytes, offset: 2, context: "a JPEG segment")
        var frame: (width: Int, height: Int)?
        var orientation: Int?
        var scans = 0
        while true {
            guard try cursor.u8() == 0xFF else { throw .corrupt(.jpeg, "a segment does not start with a marker") }
            var marker = try cursor.u8()
            while marker == 0xFF { marker = try cursor.u8() }  // fill bytes
            switch marker {
            case 0xD9:
                guard let frame else { throw .corrupt(.jpeg, "it ends without a frame header") }
                guard scans > 0 else { throw .corrupt(.jpeg, "it ends without a scan") }
                guard cursor.isAtEnd else { throw .trailing(.jpeg, after: "end-of-image marker", extra: cursor.remaining) }
                return ImageInfo(format: .jpeg, width: frame.width, height: frame.height, orientation: orientation ?? 1, byteCount: bytes.count)
            case 0xD8:
                throw .corrupt(.jpeg, "a second start-of-image marker")
            case 0x01, 0xD0...0xD7:
                continue  // standalone markers
            case 0x00:
                throw .corrupt(.jpeg, "a marker of 0")
            default:
                break
            }
            let length = try cursor.u16be()
            guard length >= 2 else { throw .corrupt(.jpeg, "a segment declares \(length) bytes") }
            guard length - 2 <= cursor.remaining else { throw .truncated("a JPEG segment") }
            let segment = try cursor.range(length - 2)
            switch marker {
            case 0xC0...0xCF where ![0xC4, 0xC8, 0xCC].contains(marker):
                guard frame == nil else { throw .corrupt(.jpeg, "a second frame header") }
                frame = try Self.frameHeader(bytes, segment)
            case 0xE1 where orientation == nil && Self.isExif(bytes, segment):
                orientation = try EXIFOrientation.read(bytes, segment)
            case 0xDA:
                guard frame != nil else { throw .corrupt(.jpeg, "a scan before the frame header") }
                scans += 1
                try Self.skipEntropyCodedData(&cursor)
            default:
                continue
            }
        }
    }

    private static func frameHeader(_ bytes: [UInt8], _ segment: Range<Int>) throws(ImageRefusal) -> (Int, Int) {
        var cursor = ByteCursor(bytes, offset: segment.lowerBound, context: "the JPEG frame header")
        guard segment.count >= 6 else { throw .corrupt(.jpeg, "the frame header is \(segment.count + 2) bytes") }
        let precision = try cursor.u8()
        let height = try cursor.u16be()
        let width = try cursor.u16be()
        let components = try cursor.u8()
        guard [8, 12, 16].contains(precision) else { throw .corrupt(.jpeg, "sample precision \(precision)") }
        guard width > 0, height > 0 else { throw .corrupt(.jpeg, "the frame header declares a \(width)×\(height) image") }
        guard components >= 1, segment.count == 6 + 3 * components else {
            throw .corrupt(.jpeg, "the frame header's length does not match its \(components) components")
        }
        return (width, height)
    }

    private static func isExif(_ bytes: [UInt8], _ segment: Range<Int>) -> Bool {
        segment.count >= 6 && bytes[segment.lowerBound..<(segment.lowerBound + 6)].elementsEqual(Array("Exif".utf8) + [0, 0])
    }

    /// Moves to the marker after a scan's data: 0xFF followed by a byte that is neither a
    /// stuffed 0 nor a restart marker.
    private static func skipEntropyCodedData(_ cursor: inout ByteCursor) throws(ImageRefusal) {
        let bytes = cursor.bytes
        var index = cursor.offset
        while index + 1 < bytes.count {
            if bytes[index] == 0xFF {
                let next = bytes[index + 1]
                if next != 0x00, next != 0xFF, !(0xD0...0xD7).contains(next) {
                    try cursor.skip(index - cursor.offset)
                    return
                }
            }
            index += 1
        }
        throw .truncated("a JPEG scan")
    }
}
