import Foundation

/// A fresh directory under the system temporary directory, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    public let path: String

    /// `prefix` names the directory (`flint-<prefix>-<uuid>`), so a leftover says whose it is.
    public init(prefix: String = "test") throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flint-\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        self.path = url.path
    }

    public func file(_ name: String) -> String {
        self.path + "/" + name
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}
