#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Small POSIX file helpers for the development CA: exact permissions, atomic replace.
enum SecureFile {
    /// Writes `bytes` to `path` with `mode` (e.g. 0o600), via a temporary file and rename.
    static func save(_ bytes: [UInt8], to path: String, mode: mode_t) throws {
        let temporary = path + ".tmp"
        // A stale temporary (or a link someone put there) is removed, then the file is
        // created new: O_EXCL and O_NOFOLLOW never write through a link.
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw self.error("creating \(temporary)") }
        do {
            defer { close(fd) }
            guard fchmod(fd, mode) == 0 else { throw self.error("setting the mode of \(temporary)") }
            try self.writeAll(bytes, to: fd, path: temporary)
            guard fsync(fd) == 0 else { throw self.error("syncing \(temporary)") }
        }
        guard rename(temporary, path) == 0 else { throw self.error("renaming \(temporary)") }
    }

    /// Creates `path` and any missing parents with mode 0700.
    static func createDirectory(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component + "/"
            guard mkdir(prefix, 0o700) == 0 || errno == EEXIST else {
                throw self.error("creating the directory \(prefix)")
            }
        }
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    private static func writeAll(_ bytes: [UInt8], to fd: CInt, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written > 0 || errno == EINTR else { throw self.error("writing \(path)") }
            offset += max(written, 0)
        }
    }

    private static func error(_ what: String) -> TLSError {
        let reason = String(cString: strerror(errno))
        return TLSError(code: .certificateGeneration, message: "\(what) failed: \(reason)")
    }
}
