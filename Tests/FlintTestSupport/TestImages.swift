import Images

/// Image files built by hand for tests, byte by byte: PNG (a real, decodable file: stored
/// deflate blocks, correct CRCs and Adler-32), GIF (real: LZW with a clear code before
/// each pixel), and the headers and chunk structure of JPEG and WebP (structurally valid,
/// entropy-coded data not meaningful). Each builder can be bent to make a broken file.
public enum TestImages {
    // MARK: PNG

    /// One PNG chunk: length, type, data, CRC.
    public static func pngChunk(_ type: String, _ data: [UInt8], crc: UInt32? = nil) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return be32(data.count) + typeBytes + data + be32(Int(crc ?? crc32(typeBytes + data)))
    }

    public static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// A white PNG of `width`×`height` pixels (8-bit RGB unless told): a file any decoder
    /// reads. `extra` chunks go between IHDR and IDAT; `idat` replaces the image data (to
    /// fake sizes).
    public static func png(
        width: Int, height: Int, extra: [[UInt8]] = [], idat: [UInt8]? = nil, colorType: UInt8 = 2, bitDepth: UInt8 = 8
    ) -> [UInt8] {
        let ihdr = be32(width) + be32(height) + [bitDepth, colorType, 0, 0, 0]
        let channels = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][Int(colorType)] ?? 1
        let row = [0] + [UInt8](repeating: 0xFF, count: (width * channels * Int(bitDepth) + 7) / 8)
        let data = idat ?? zlibStored(Array(repeatElement(row, count: height).joined()))
        return pngSignature + pngChunk("IHDR", ihdr) + extra.joined() + pngChunk("IDAT", data) + pngChunk("IEND", [])
    }

    /// A PNG that claims `width`×`height` one-bit grey pixels with just enough filler as
    /// image data to pass the deflate ratio check: for limits on large sizes.
    public static func largePNG(width: Int, height: Int) -> [UInt8] {
        let raw = height * ((width + 7) / 8 + 1)
        return png(width: width, height: height, idat: [UInt8](repeating: 0x55, count: raw / 1032 + 1), colorType: 0, bitDepth: 1)
    }

    /// A real 2×2 PNG grown to exactly `totalBytes` by an ancillary `flNt` chunk of zeros.
    public static func paddedPNG(totalBytes: Int) -> [UInt8] {
        let bare = png(width: 2, height: 2).count
        return png(width: 2, height: 2, extra: [pngChunk("flNt", [UInt8](repeating: 0, count: totalBytes - bare - 12))])
    }

    /// An APNG: a still PNG with an `acTL` chunk (2 frames).
    public static func apng(width: Int = 4, height: Int = 4) -> [UInt8] {
        png(width: width, height: height, extra: [pngChunk("acTL", be32(2) + be32(0))])
    }

    /// A zlib stream of stored (uncompressed) deflate blocks.
    public static func zlibStored(_ raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65_535, raw.count - offset)
            let final: UInt8 = offset + count == raw.count ? 1 : 0
            out += [final, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += raw[offset..<(offset + count)]
            offset += count
        } while offset < raw.count
        return out + be32(Int(adler32(raw)))
    }

    // MARK: GIF

    /// A GIF with a `width`×`height` screen and one frame per entry of `frames` (left, top,
    /// width, height), each a real LZW image of colour 0.
    public static func gif(width: Int, height: Int, frames: [(Int, Int, Int, Int)]? = nil) -> [UInt8] {
        var out = Array("GIF89a".utf8) + le16(width) + le16(height) + [0x80, 0, 0]  // 2-colour global table
        out += [0, 0, 0, 255, 255, 255]
        for (left, top, frameWidth, frameHeight) in frames ?? [(0, 0, width, height)] {
            out += [0x21, 0xF9, 4, 0, 10, 0, 0, 0]  // graphic control extension
            out += [0x2C] + le16(left) + le16(top) + le16(frameWidth) + le16(frameHeight) + [0]
            out += [2] + subBlocks(lzwClearBeforeEachPixel(count: frameWidth * frameHeight))
        }
        return out + [0x3B]
    }

    /// LZW codes of 3 bits (min code size 2): clear, pixel 0, clear, pixel 0, …, end.
    private static func lzwClearBeforeEachPixel(count: Int) -> [UInt8] {
        var codes: [Int] = []
        for _ in 0..<count { codes += [4, 0] }
        codes.append(5)
        var out: [UInt8] = []
        var accumulator = 0
        var bits = 0
        for code in codes {
            accumulator |= code << bits
            bits += 3
            while bits >= 8 {
                out.append(UInt8(accumulator & 0xFF))
                accumulator >>= 8
                bits -= 8
            }
        }
        if bits > 0 { out.append(UInt8(accumulator & 0xFF)) }
        return out
    }

    private static func subBlocks(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var offset = 0
        while offset < data.count {
            let count = min(255, data.count - offset)
            out += [UInt8(count)] + data[offset..<(offset + count)]
            offset += count
        }
        return out + [0]
    }

    // MARK: JPEG

    /// A baseline JPEG's marker structure: SOI, APP1 Exif (with `orientation`), DQT, SOF0
    /// (`width`×`height`, 3 components), DHT, SOS, a few bytes of scan data (with a stuffed
    /// 0xFF and a restart marker), EOI.
    public static func jpeg(width: Int, height: Int, orientation: Int? = nil) -> [UInt8] {
        func segment(_ marker: UInt8, _ data: [UInt8]) -> [UInt8] { [0xFF, marker] + be16(data.count + 2) + data }
        var out: [UInt8] = [0xFF, 0xD8]
        if let orientation { out += segment(0xE1, Array("Exif".utf8) + [0, 0] + exif(orientation: orientation, littleEndian: false)) }
        out += segment(0xDB, [0] + [UInt8](repeating: 1, count: 64))
        out += segment(0xC0, [8] + be16(height) + be16(width) + [3, 1, 0x22, 0, 2, 0x11, 0, 3, 0x11, 0])
        out += segment(0xC4, [0] + [UInt8](repeating: 0, count: 15) + [1] + [0])
        out += segment(0xDA, [3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0])
        out += [0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78]
        return out + [0xFF, 0xD9]
    }

    // MARK: WebP

    /// A lossless WebP (`VP8L` header) of `width`×`height`.
    public static func webpLossless(width: Int, height: Int) -> [UInt8] {
        riff([webpChunk("VP8L", vp8l(width: width, height: height))])
    }

    /// A lossy WebP (`VP8 ` key frame header) of `width`×`height`.
    public static func webpLossy(width: Int, height: Int) -> [UInt8] {
        riff([webpChunk("VP8 ", vp8(width: width, height: height))])
    }

    /// An extended WebP (`VP8X`): the canvas, an optional EXIF chunk, then the image, or
    /// when `animated` the ANIM chunk and two ANMF frames.
    public static func webpExtended(width: Int, height: Int, orientation: Int? = nil, animated: Bool = false) -> [UInt8] {
        let flags: UInt8 = (animated ? 0x02 : 0) | (orientation == nil ? 0 : 0x08)
        var chunks = [webpChunk("VP8X", [flags, 0, 0, 0] + le24(width - 1) + le24(height - 1))]
        if animated {
            chunks.append(webpChunk("ANIM", [0, 0, 0, 0, 0, 0]))
            let frame = le24(0) + le24(0) + le24(width - 1) + le24(height - 1) + le24(100) + [0]
            for _ in 0..<2 { chunks.append(webpChunk("ANMF", frame + webpChunk("VP8L", vp8l(width: width, height: height)))) }
        } else {
            chunks.append(webpChunk("VP8L", vp8l(width: width, height: height)))
        }
        if let orientation { chunks.append(webpChunk("EXIF", exif(orientation: orientation, littleEndian: true))) }
        return riff(chunks)
    }

    public static func webpChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        Array(type.utf8) + le32(data.count) + data + (data.count % 2 == 1 ? [0] : [])
    }

    /// `RIFF` + size + `WEBP` + the chunks; `sizeAdjustment` makes the RIFF size lie.
    public static func riff(_ chunks: [[UInt8]], sizeAdjustment: Int = 0) -> [UInt8] {
        let body = Array("WEBP".utf8) + chunks.joined()
        return Array("RIFF".utf8) + le32(body.count + sizeAdjustment) + body
    }

    private static func vp8l(width: Int, height: Int) -> [UInt8] {
        let bits = (width - 1) | (height - 1) << 14
        return [0x2F] + le32(bits) + [0, 0, 0]
    }

    private static func vp8(width: Int, height: Int) -> [UInt8] {
        let partition = 4
        let tag = partition << 5 | 1 << 4  // key frame (bit 0 clear), shown
        return le24(tag) + [0x9D, 0x01, 0x2A] + le16(width) + le16(height) + [UInt8](repeating: 0, count: partition)
    }

    // MARK: EXIF

    /// A TIFF block whose IFD0 has one entry before the orientation, then the orientation.
    public static func exif(orientation: Int, littleEndian: Bool) -> [UInt8] {
        let u16 = littleEndian ? le16 : be16
        let u32 = littleEndian ? le32 : be32
        var out: [UInt8] = littleEndian ? [0x49, 0x49] : [0x4D, 0x4D]
        out += u16(42) + u32(8) + u16(2)
        out += u16(0x010F) + u16(2) + u32(4) + Array("Cam\0".utf8)  // Make, 4 ASCII bytes inline
        out += u16(0x0112) + u16(3) + u32(1) + u16(orientation) + u16(0)
        return out + u32(0)
    }

    // MARK: Bytes

    public static func be16(_ value: Int) -> [UInt8] { [UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)] }
    public static func be32(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
    public static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
    public static func le24(_ value: Int) -> [UInt8] { [0, 8, 16].map { UInt8((value >> $0) & 0xFF) } }
    public static func le32(_ value: Int) -> [UInt8] { [0, 8, 16, 24].map { UInt8((value >> $0) & 0xFF) } }

    /// The CRC of a PNG chunk: the inspector's own, checked against the standard check value in ImagesTests.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        CRC32.checksum(bytes)
    }

    public static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var (a, b): (UInt32, UInt32) = (1, 0)
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }
}
