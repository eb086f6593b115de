/// Reads the orientation (TIFF tag 0x0112) from an EXIF block: a TIFF header (`II*\0` or
/// `MM\0*`), then IFD0's entries. Only IFD0 is read; at most its declared entries, each
/// bounds-checked, so the work is bounded by the block's size.
enum EXIFOrientation {
    static let tag = 0x0112

    /// The orientation, 1 to 8; 1 when the block has none (or says 0, "unspecified").
    /// `range` may start with the `Exif\0\0` prefix JPEG's APP1 (and some WebP writers) use.
    static func read(_ bytes: [UInt8], _ range: Range<Int>) throws(ImageRefusal) -> Int {
        var start = range.lowerBound
        let prefix = Array("Exif".utf8) + [0, 0]
        if range.count >= prefix.count, bytes[start..<(start + prefix.count)].elementsEqual(prefix) { start += prefix.count }
        let block = Array(bytes[start..<range.upperBound])
        guard block.count >= 8 else { throw malformed("it is shorter than a TIFF header") }
        let littleEndian: Bool
        switch (block[0], block[1]) {
        case (0x49, 0x49): littleEndian = true
        case (0x4D, 0x4D): littleEndian = false
        default: throw malformed("it has no TIFF byte order mark")
        }
        var cursor = ByteCursor(block, offset: 2, context: "the EXIF block")
        func u16() throws(ImageRefusal) -> Int { littleEndian ? try cursor.u16le() : try cursor.u16be() }
        func u32() throws(ImageRefusal) -> Int { littleEndian ? try cursor.u32le() : try cursor.u32be() }
        guard try u16() == 42 else { throw malformed("its TIFF magic is not 42") }
        let ifd = try u32()
        guard ifd >= 8, ifd + 2 <= block.count else { throw malformed("IFD0 lies outside the block") }
        cursor = ByteCursor(block, offset: ifd, context: "the EXIF block")
        let entries = try u16()
        guard entries * 12 <= cursor.remaining else { throw malformed("IFD0 declares more entries than the block holds") }
        for _ in 0..<entries {
            let entryTag = try u16()
            let type = try u16()
            let count = try u32()
            guard entryTag == tag else {
                try cursor.skip(4)
                continue
            }
            guard type == 3, count == 1 else { throw malformed("the orientation is not one SHORT") }
            let value = try u16()
            guard value <= 8 else { throw malformed("orientation \(value) is not 1 to 8") }
            return max(1, value)
        }
        return 1
    }

    private static func malformed(_ why: String) -> ImageRefusal {
        ImageRefusal(.corrupt, "the image's EXIF block is malformed: \(why)")
    }
}
