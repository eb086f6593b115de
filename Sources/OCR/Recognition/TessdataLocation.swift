import Foundation

/// Where Tesseract's language data is: a directory holding `<language>.traineddata`.
public struct TessdataLocation: Sendable, Hashable {
    /// The directory.
    public let directory: String
    /// The language read, "eng".
    public let language: String

    /// Debian's directory for Tesseract 5 (package `tesseract-ocr-eng`), then Tesseract 4's.
    public static let debianDirectories = ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata"]

    /// The location from `configured` (a flag or `FLINT_TESSDATA`) when given, else Debian's.
    /// Fails, naming the directories tried, when the language file is not there.
    public static func resolve(configured: String?, language: String = "eng") throws(OCRError) -> TessdataLocation {
        let candidates = configured.map { [$0] } ?? debianDirectories
        for directory in candidates where FileManager.default.isReadableFile(atPath: "\(directory)/\(language).traineddata") {
            try checkTrainedData(atPath: "\(directory)/\(language).traineddata")
            return TessdataLocation(directory: directory, language: language)
        }
        throw .languageData(
            "no \(language).traineddata in \(candidates.joined(separator: " or ")); install tesseract-ocr-\(language) or set FLINT_TESSDATA (--tessdata) to its directory")
    }

    /// Tesseract crashes on a damaged language file instead of failing, so its table of
    /// contents is checked first: a little-endian entry count (1–64), then that many 64-bit
    /// offsets, each -1 (absent) or inside the file.
    static func checkTrainedData(atPath path: String) throws(OCRError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .languageData("\(path) cannot be read") }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()).map(Int.init) ?? 0
        try? handle.seek(toOffset: 0)
        let header = [UInt8]((try? handle.read(upToCount: 4 + 64 * 8)) ?? Data())
        func integer(_ offset: Int, _ width: Int) -> Int64 {
            (0..<width).reduce(Int64(0)) { $0 | Int64(header[offset + $1]) << (8 * $1) }
        }
        let damaged = OCRError.languageData("\(path) is not a Tesseract language file (damaged or truncated); reinstall it")
        guard header.count >= 4 else { throw damaged }
        let entries = Int(Int32(truncatingIfNeeded: integer(0, 4)))
        guard (1...64).contains(entries), header.count >= 4 + entries * 8 else { throw damaged }
        for index in 0..<entries {
            let offset = integer(4 + index * 8, 8)
            guard offset == -1 || (offset >= 4 && offset < size) else { throw damaged }
        }
    }
}
