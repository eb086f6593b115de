import Foundation

/// A zone's own abbreviations ("EST", "EDT", "IST", "+1030"), read from its TZif file in the system tz database.
///
/// Foundation on Linux names offsets ("GMT-4") instead, so the tool reads the file's local-time types: each type's
/// offset and DST flag maps to its abbreviation, the type used by the latest transition winning.
struct ZoneAbbreviations: Sendable {
    private struct Key: Hashable {
        let offset: Int
        let isDaylightSaving: Bool
    }

    private let table: [Key: String]

    /// The abbreviations of `identifier`, or an empty table when its file cannot be read or parsed.
    init(identifier: String, directory: String = "/usr/share/zoneinfo") {
        let path = directory + "/" + identifier
        guard !identifier.contains(".."), let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20 else {
            table = [:]
            return
        }
        table = Self.parse(Array(data)) ?? [:]
    }

    /// The abbreviation for a local-time type, if the file has one.
    func abbreviation(offset: Int, isDaylightSaving: Bool) -> String? {
        table[Key(offset: offset, isDaylightSaving: isDaylightSaving)]
    }

    /// Parses the 64-bit (version 2+) data block, or the version 1 block of an old file.
    private static func parse(_ bytes: [UInt8]) -> [Key: String]? {
        guard bytes.count >= 44, bytes.starts(with: Array("TZif".utf8)) else { return nil }
        let version1 = Counts(bytes, at: 20)
        guard bytes[4] >= UInt8(ascii: "2") else { return table(bytes, block: 44, counts: version1, timeSize: 4) }
        let secondHeader = 44 + version1.blockSize(timeSize: 4)
        guard bytes.count >= secondHeader + 44 else { return nil }
        return table(bytes, block: secondHeader + 44, counts: Counts(bytes, at: secondHeader + 20), timeSize: 8)
    }

    private static func table(_ bytes: [UInt8], block: Int, counts: Counts, timeSize: Int) -> [Key: String]? {
        let indices = block + counts.transitions * timeSize
        let types = indices + counts.transitions
        let characters = types + counts.types * 6
        guard counts.types > 0, bytes.count >= characters + counts.characters else { return nil }
        var result: [Key: String] = [:]
        let order = Array(0..<counts.types) + bytes[indices..<types].map(Int.init)
        for type in order where type < counts.types {
            let entry = types + type * 6
            let offset = Int(Int32(bitPattern: Counts.uint32(bytes, at: entry)))
            let start = characters + Int(bytes[entry + 5])
            guard start < characters + counts.characters else { continue }
            let end = bytes[start..<(characters + counts.characters)].firstIndex(of: 0) ?? characters + counts.characters
            result[Key(offset: offset, isDaylightSaving: bytes[entry + 4] != 0)] = String(decoding: bytes[start..<end], as: UTF8.self)
        }
        return result
    }

    /// The six counts of a TZif header.
    private struct Counts {
        let utIndicators, standardIndicators, leapSeconds, transitions, types, characters: Int

        init(_ bytes: [UInt8], at offset: Int) {
            let values = (0..<6).map { Int(Self.uint32(bytes, at: offset + $0 * 4)) }
            (utIndicators, standardIndicators, leapSeconds) = (values[0], values[1], values[2])
            (transitions, types, characters) = (values[3], values[4], values[5])
        }

        func blockSize(timeSize: Int) -> Int {
            transitions * (timeSize + 1) + types * 6 + characters + leapSeconds * (timeSize + 4) + standardIndicators + utIndicators
        }

        static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
            guard offset + 4 <= bytes.count else { return 0 }
            return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
    }
}
