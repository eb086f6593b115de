/// The frame sizes of a GIF, read from its block structure without decoding any pixels:
/// Leptonica decodes every frame of a GIF (giflib's slurp) even to read its header, so the
/// pixel budget must hold for the frames together before Leptonica sees the file.
enum GIFFrames {
    /// The logical screen and every frame's size, in file order; nil when `data` is no GIF
    /// or its blocks are cut short or malformed.
    static func sizes(_ data: UnsafeBufferPointer<UInt8>) -> (screen: Size, frames: [Size])? {
        guard data.count >= 13, data[0] == 0x47, data[1] == 0x49, data[2] == 0x46, data[3] == 0x38 else { return nil }
        var reader = Reader(data: data, offset: 13)
        let screen = Size(width: reader.word(at: 6), height: reader.word(at: 8))
        if data[10] & 0x80 != 0 { reader.offset += 3 << (Int(data[10] & 0x07) + 1) }
        var frames: [Size] = []
        while let introducer = reader.byte() {
            switch introducer {
            case 0x2C:  // image descriptor: left, top, width, height, flags
                guard let flags = reader.byte(at: reader.offset + 8) else { return nil }
                frames.append(Size(width: reader.word(at: reader.offset + 4), height: reader.word(at: reader.offset + 6)))
                reader.offset += 9
                if flags & 0x80 != 0 { reader.offset += 3 << (Int(flags & 0x07) + 1) }
                reader.offset += 1  // LZW minimum code size
                guard reader.skipSubBlocks() else { return nil }
            case 0x21:  // extension: label, then sub-blocks
                reader.offset += 1
                guard reader.skipSubBlocks() else { return nil }
            case 0x3B:  // trailer
                return (screen, frames)
            default:
                return nil
            }
        }
        return (screen, frames)
    }

    struct Size {
        var width: Int
        var height: Int
    }

    private struct Reader {
        let data: UnsafeBufferPointer<UInt8>
        var offset: Int

        func byte(at index: Int) -> UInt8? {
            index < data.count ? data[index] : nil
        }

        /// A little-endian 16-bit value (0 past the end).
        func word(at index: Int) -> Int {
            guard index + 1 < data.count else { return 0 }
            return Int(data[index]) | Int(data[index + 1]) << 8
        }

        mutating func byte() -> UInt8? {
            defer { offset += 1 }
            return byte(at: offset)
        }

        /// Skips data sub-blocks up to their zero-length terminator; false when cut short.
        mutating func skipSubBlocks() -> Bool {
            while let size = byte() {
                if size == 0 { return true }
                offset += Int(size)
            }
            return false
        }
    }
}
