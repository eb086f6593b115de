import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whether `pid` is a live process whose command line contains `name` (a zombie, an
/// absent process or a recycled pid running something else are not).
func isRunning(_ pid: pid_t, named name: String) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return false }
    let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
    guard state != "Z", state != "X" else { return false }
    let commandLine = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
    return String(decoding: commandLine, as: UTF8.self).contains(name)
}

/// The arguments `pid` was started with (after its last exec); empty when it is gone.
func commandLine(of pid: pid_t) -> [String] {
    let data = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
    return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
}

/// Polls until `condition` holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration, every interval: Duration = .milliseconds(50), _ condition: () async -> Bool) async -> Bool {
    let end = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < end {
        if await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return await condition()
}

/// A temporary directory, removed after `body`.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("flint-models-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

/// Writes an executable shell script.
func writeScript(_ path: String, _ text: String) throws {
    try Data(("#!/bin/sh\n" + text + "\n").utf8).write(to: URL(fileURLWithPath: path))
    chmod(path, 0o755)
}

/// The environment `pid` was started with (after its last exec); empty when it is gone.
func environment(of pid: pid_t) -> [String: String] {
    let data = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))) ?? Data()
    var variables: [String: String] = [:]
    for entry in data.split(separator: 0).map({ String(decoding: $0, as: UTF8.self) }) {
        guard let equals = entry.firstIndex(of: "=") else { continue }
        variables[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
    }
    return variables
}
