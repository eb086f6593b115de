import ArgumentParser
import Foundation
import FlintAPI

/// Values given as a comma list, a repeated flag, or both: `--scopes inference,agents`
/// or `--scopes inference --scopes agents`. Each flag's transform parses one comma list.
enum CommaList {
    /// The non-empty items of `text`, each checked by `item`, without repeats.
    static func parse<Item: Equatable>(_ text: String, _ item: (String) throws -> Item) throws -> [Item] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ValidationError("expected a comma-separated list") }
        return try names.map(item).uniqued()
    }
}

/// What a key may call (`KeyInfo.scopes`).
enum ScopeName {
    static let all = ["inference", "agents", "tools", "admin"]

    static func parse(_ text: String) throws -> [String] {
        try CommaList.parse(text) { name in
            let lowered = name.lowercased()
            guard all.contains(lowered) else {
                throw ValidationError("'\(name)' is not a scope; the scopes are \(all.joined(separator: ", "))")
            }
            return lowered
        }
    }
}

/// How `usage --group-by` splits rows.
enum GroupByName {
    static let all: [(name: String, value: UsageGroupBy)] = [
        ("day", .day), ("model", .model), ("key", .key), ("partner", .partner), ("method", .method), ("run", .run), ("run-part", .runPart),
    ]

    static func parse(_ text: String) throws -> [UsageGroupBy] {
        try CommaList.parse(text) { name in
            guard let match = all.first(where: { $0.name == name.lowercased() }) else {
                let names = all.map(\.name).joined(separator: ", ")
                throw ValidationError("'\(name)' is not a grouping; choose from \(names)")
            }
            return match.value
        }
    }

    static func name(_ value: UsageGroupBy) -> String {
        all.first { $0.value == value }?.name ?? "\(value)"
    }
}

/// A quota value: a whole number above 0. (0 in the proto means "the default", which is
/// what leaving the flag out says.)
enum PositiveCount {
    static func parse(_ text: String) throws -> UInt64 {
        guard let value = Int64(text) else {
            throw ValidationError("expected a whole number above 0")
        }
        guard value > 0 else {
            throw ValidationError("must be above 0; leave the flag out to use the default")
        }
        return UInt64(value)
    }
}

extension Array where Element: Equatable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        reduce(into: []) { result, element in
            if !result.contains(element) { result.append(element) }
        }
    }
}
