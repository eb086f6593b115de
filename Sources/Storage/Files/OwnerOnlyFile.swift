#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Files only their owner may read: the pepper, the bootstrap admin key, the rate-limit state.
///
/// Writes go to a temporary file created with mode 0600 (never wider, not even briefly),
/// are synced, and are renamed into place, so a crash leaves the old file or the new one,
/// never half of one. Reads refuse a file that group or others can access, as `ssh` does
/// with private keys. File contents never appear in errors; paths do.
public enum OwnerOnlyFile {
    /// Permission bits Flint gives its secret files and directories.
    public static let fileMode: mode_t = 0o600
    public static let directoryMode: mode_t = 0o700

    /// Creates `path` and any missing parents (new ones with mode 0700).
    public static func makeDirectory(_ path: String) throws(OwnerOnlyFileError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component + "/"
            if mkdir(prefix, Self.directoryMode) != 0, errno != EEXIST {
                throw Self.failure("cannot create directory", path: prefix)
            }
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw Self.failure("cannot inspect directory", path: path) }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw OwnerOnlyFileError("\(path) is not a directory")
        }
    }

    /// The contents of `path`, or `nil` if it does not exist. At most `limit` bytes.
    public static func contents(of path: String, limit: Int) throws(OwnerOnlyFileError) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw Self.failure("cannot open", path: path)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.failure("cannot inspect", path: path) }
        guard info.st_mode & 0o077 == 0 else {
            throw OwnerOnlyFileError("\(path) is accessible by group or others; make it owner-only (chmod 600)")
        }
        var contents = [UInt8](repeating: 0, count: limit + 1)
        var filled = 0
        while filled < contents.count {
            let count = contents.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw Self.failure("cannot read", path: path) }
            guard count > 0 else { break }
            filled += count
        }
        guard filled <= limit else {
            throw OwnerOnlyFileError("\(path) is larger than \(limit) bytes")
        }
        return Array(contents[..<filled])
    }

    /// Replaces `path` with `contents`, readable and writable by the owner only, synced to
    /// disk before this returns.
    ///
    /// With `previous`, the file being replaced is first renamed there, so the copy before
    /// this one survives too; a crash between the two renames leaves only `previous`, which
    /// is then the latest.
    public static func replace(_ path: String, with contents: [UInt8], keepingPreviousAt previous: String? = nil)
        throws(OwnerOnlyFileError)
    {
        let temporary = path + ".tmp"
        // A stale temporary (or a link someone put there) is removed, then the file is
        // created new: O_EXCL and O_NOFOLLOW never write through a link.
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, Self.fileMode)
        guard descriptor >= 0 else { throw Self.failure("cannot create", path: temporary) }
        do throws(OwnerOnlyFileError) {
            // The umask may have narrowed the mode further than asked; set it exactly.
            guard fchmod(descriptor, Self.fileMode) == 0 else { throw Self.failure("cannot chmod", path: temporary) }
            try Self.writeAll(contents, to: descriptor, path: temporary)
            guard fsync(descriptor) == 0 else { throw Self.failure("cannot sync", path: temporary) }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        if let previous, rename(path, previous) != 0, errno != ENOENT {
            unlink(temporary)
            throw Self.failure("cannot keep the previous copy at", path: previous)
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Self.failure("cannot rename into", path: path)
        }
        try Self.syncDirectory(containing: path)
    }

    private static func writeAll(_ contents: [UInt8], to descriptor: Int32, path: String) throws(OwnerOnlyFileError) {
        var written = 0
        while written < contents.count {
            let count = contents.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw Self.failure("cannot write", path: path) }
            written += count
        }
    }

    /// Makes the rename itself durable.
    private static func syncDirectory(containing path: String) throws(OwnerOnlyFileError) {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let name = directory.isEmpty ? (path.hasPrefix("/") ? "/" : ".") : directory
        let descriptor = open(name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.failure("cannot open directory", path: name) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw Self.failure("cannot sync directory", path: name) }
    }

    private static func failure(_ what: String, path: String) -> OwnerOnlyFileError {
        let reason = String(cString: strerror(errno))
        return OwnerOnlyFileError("\(what) \(path): \(reason)")
    }
}

/// Why an owner-only file could not be made, read or written. The message names the path
/// and the system's reason, never the contents.
public struct OwnerOnlyFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { self.message }
}
