/// Walks a GIF file's blocks: the logical screen, the colour tables, extensions and image
/// descriptors (each frame inside the screen) with their data sub-blocks, to the trailer
/// with nothing after it. More than one image descriptor means animation.
enum GIFStructure {
    static func inspect(_ bytes: [UInt8]) throws(ImageRefusal) -> ImageInfo {
        var cursor = ByteCursor(bytes, offset: 6, context: "the GIF logical screen descriptor")
        let width = try cursor.u16le()
        let height = try cursor.u16le()
        let packed = try cursor.u8()
        try cursor.skip(2)  // background colour, aspect ratio
        guard width > 0, height > 0 else { throw .corrupt(.gif, "the logical screen is \(width)×\(height)") }
        if packed & 0x80 != 0 { try cursor.skip(3 << ((packed & 0x07) + 1)) }
        var frames = 0
        while true {
            cursor.context = "a GIF block"
            switch try cursor.u8() {
            case 0x21:
                try cursor.skip(1)  // the extension's label
                try skipSubBlocks(&cursor)
            case 0x2C:
                let left = try cursor.u16le()
                let top = try cursor.u16le()
                let frameWidth = try cursor.u16le()
                let frameHeight = try cursor.u16le()
                let framePacked = try cursor.u8()
                guard frameWidth > 0, frameHeight > 0 else { throw .corrupt(.gif, "frame \(frames + 1) is \(frameWidth)×\(frameHeight)") }
                guard left + frameWidth <= width, top + frameHeight <= height else {
                    throw .corrupt(.gif, "frame \(frames + 1) (\(frameWidth)×\(frameHeight) at \(left),\(top)) lies outside the \(width)×\(height) screen")
                }
                if framePacked & 0x80 != 0 { try cursor.skip(3 << ((framePacked & 0x07) + 1)) }
                let codeSize = try cursor.u8()
                guard (2...8).contains(codeSize) else { throw .corrupt(.gif, "LZW minimum code size \(codeSize)") }
                try skipSubBlocks(&cursor)
                frames += 1
            case 0x3B:
                guard frames > 0 else { throw .corrupt(.gif, "it has no image") }
                guard cursor.isAtEnd else { throw .trailing(.gif, after: "trailer", extra: cursor.remaining) }
                return ImageInfo(format: .gif, width: width, height: height, isAnimated: frames > 1, byteCount: bytes.count)
            case let other:
                throw .corrupt(.gif, "unknown block 0x\(String(other, radix: 16))")
            }
        }
    }

    private static func skipSubBlocks(_ cursor: inout ByteCursor) throws(ImageRefusal) {
        cursor.context = "a GIF data sub-block"
        while true {
            let size = try cursor.u8()
            if size == 0 { return }
            try cursor.skip(size)
        }
    }
}
