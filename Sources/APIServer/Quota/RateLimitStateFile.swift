import Foundation
import Logging
import RateLimit
import Storage

/// Where the rate limiter's bucket levels survive a restart: `<data-dir>/ratelimit.json`,
/// and the copy before it, `ratelimit.json.prev`.
///
/// Saved on the ``RateLimitSaveSchedule`` (every 10 s, and within a second of a denial) and
/// at shutdown: written to a fresh owner-only
/// temporary, synced, the current file renamed to the previous copy, the temporary renamed
/// into place, the directory synced. After a crash, buckets are as of the last save.
///
/// Restored at start, refilled for the time the server was down. A file that cannot be
/// read or decoded is reported as an error and the previous copy is used instead; if
/// neither is usable the server does not start (``RateLimitStateError``): starting with
/// every bucket full would hand every key a fresh burst. Removing both files is the
/// operator's explicit way to do that.
struct RateLimitStateFile: Sendable {
    /// Larger than any snapshot of ``RateLimiter/Configuration/maxSubjects`` subjects.
    static let maxBytes = 128 << 20

    let path: String
    var previousPath: String { path + ".prev" }

    func save(_ states: [BucketState], logger: Logger) {
        do {
            let data = try JSONEncoder().encode(states)
            try OwnerOnlyFile.replace(path, with: Array(data), keepingPreviousAt: previousPath)
        } catch {
            logger.error("could not save rate-limit state", metadata: ["error": "\(error)"])
        }
    }

    /// Restores the latest usable copy into `limiter`; returns the path it came from, or
    /// `nil` when there was none (a first start).
    @discardableResult
    func restore(into limiter: RateLimiter, logger: Logger) throws(RateLimitStateError) -> String? {
        var failures: [String] = []
        for candidate in [path, previousPath] {
            switch Self.read(candidate) {
            case .missing:
                continue
            case .unusable(let reason):
                logger.error("rate-limit state file is unusable", metadata: ["file": "\(candidate)", "error": "\(reason)"])
                failures.append("\(candidate): \(reason)")
            case .states(let states):
                let restored = limiter.restore(states)
                logger.info("restored rate-limit state", metadata: ["file": "\(candidate)", "ratelimit.buckets": "\(restored)"])
                if candidate == previousPath {
                    logger.warning("rate-limit state restored from the previous copy", metadata: ["file": "\(candidate)"])
                }
                return candidate
            }
        }
        guard failures.isEmpty else { throw RateLimitStateError(failures: failures) }
        return nil
    }

    private enum ReadResult {
        case missing
        case unusable(String)
        case states([BucketState])
    }

    private static func read(_ path: String) -> ReadResult {
        let bytes: [UInt8]?
        do {
            bytes = try OwnerOnlyFile.contents(of: path, limit: Self.maxBytes)
        } catch {
            return .unusable(error.message)
        }
        guard let bytes else { return .missing }
        do {
            return .states(try JSONDecoder().decode([BucketState].self, from: Data(bytes)))
        } catch {
            return .unusable("not a rate-limit snapshot (\(bytes.count) bytes that do not decode)")
        }
    }
}

/// Neither the rate-limit state file nor its previous copy could be read: the server does
/// not start rather than forget every bucket.
struct RateLimitStateError: Error, CustomStringConvertible {
    let failures: [String]

    var description: String {
        "cannot restore the rate-limit state (\(failures.joined(separator: "; "))); "
            + "remove these files to start with every bucket full"
    }
}
