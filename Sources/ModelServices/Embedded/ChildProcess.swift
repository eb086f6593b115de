import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// How a child process ended.
public enum ChildExitStatus: Hashable, Sendable, CustomStringConvertible {
    case exited(code: Int32)
    case signaled(signal: Int32)

    init(waitStatus status: Int32) {
        let signal = status & 0x7F
        self = signal == 0 ? .exited(code: (status >> 8) & 0xFF) : .signaled(signal: signal)
    }

    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        }
    }
}

/// A child process started with `posix_spawn`, whose output goes to an ``OutputTail``.
///
/// Each child has one dedicated thread: it spawns the child, reads its stdout and stderr
/// (one pipe) until end of file, then reaps it with `waitpid`. So the thread that created
/// the child lives exactly as long as the child — which matters because Linux's parent-death
/// signal (`PR_SET_PDEATHSIG`, set by `setpriv --pdeathsig`) fires when the creating
/// *thread* exits, not the process: spawning from a pooled thread that later retires would
/// kill the child.
///
/// The child starts with default signal dispositions and an empty signal mask (the server
/// ignores SIGPIPE and SIGTERM for its own handling, and ignored signals survive `exec`), in
/// its own process group (a terminal's Ctrl-C reaches the server, which then stops the
/// child in order), with stdin on /dev/null, no other inherited descriptors, and exactly
/// the environment it is given.
final class ChildProcess: Sendable {
    let pid: pid_t
    let output: OutputTail
    private let exit: ExitState

    private init(pid: pid_t, output: OutputTail, exit: ExitState) {
        self.pid = pid
        self.output = output
        self.exit = exit
    }

    /// Starts `arguments[0]` (an absolute path) with `arguments` and only `environment`.
    static func spawn(arguments: [String], environment: [String: String], logger: Logger) async throws -> ChildProcess {
        precondition(!arguments.isEmpty && arguments[0].hasPrefix("/"), "spawn needs an absolute executable path")
        let output = OutputTail(logger: logger)
        let exit = ExitState()
        let pid: pid_t = try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                runChild(arguments: arguments, environment: environment, output: output, exit: exit, started: continuation)
            }
            thread.name = "flint-child-\(URL(fileURLWithPath: arguments[0]).lastPathComponent)"
            thread.start()
        }
        return ChildProcess(pid: pid, output: output, exit: exit)
    }

    /// Sends `signal` unless the child has been reaped (so a recycled pid is never hit).
    func send(_ signal: Int32) {
        exit.whileRunning { _ = kill(pid, signal) }
    }

    var hasExited: Bool { exit.status != nil }

    /// Waits until the child has exited and been reaped. Not cancellable: to stop waiting,
    /// stop the child.
    func waitForExit() async -> ChildExitStatus {
        await exit.wait()
    }

    /// The body of the child's thread: spawn, read output to EOF, reap.
    private static func runChild(
        arguments: [String],
        environment: [String: String],
        output: OutputTail,
        exit: ExitState,
        started: CheckedContinuation<pid_t, any Error>
    ) {
        // A socket pair rather than a pipe: it can be created close-on-exec atomically
        // (pipe2 is not visible to Swift), so no other child spawned meanwhile inherits it.
        var pipeEnds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pipeEnds) == 0 else {
            started.resume(throwing: ChildProcessError("socketpair failed: \(String(cString: strerror(errno)))"))
            return
        }
        shutdown(pipeEnds[0], Int32(SHUT_WR))
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        let spawned = posixSpawn(arguments: arguments, environment: environment, outputDescriptor: writeEnd)
        close(writeEnd)
        let pid: pid_t
        switch spawned {
        case .failure(let error):
            close(readEnd)
            started.resume(throwing: error)
            return
        case .success(let spawnedPID):
            pid = spawnedPID
            exit.started()
            started.resume(returning: pid)
        }
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count > 0 {
                output.append(buffer[..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        close(readEnd)
        output.finish()
        // Wait without reaping, then reap under the lock that `send` takes: a signal can
        // never reach another process that was given the recycled pid.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1 && errno == EINTR {}
        exit.reap {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            return ChildExitStatus(waitStatus: status)
        }
    }

    private static func posixSpawn(arguments: [String], environment: [String: String], outputDescriptor: Int32) -> Result<pid_t, ChildProcessError> {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputDescriptor, 1)
        posix_spawn_file_actions_adddup2(&actions, outputDescriptor, 2)
        if let closeFrom = addCloseFrom {
            _ = closeFrom(&actions, 3)
        }

        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var envp: [UnsafeMutablePointer<CChar>?] = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, &argv, &envp)
        guard result == 0 else {
            return .failure(ChildProcessError("cannot start \(arguments[0]): \(String(cString: strerror(result)))"))
        }
        return .success(pid)
    }
}

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift does not see
/// without `_GNU_SOURCE`: the child then inherits no descriptor above stderr. Nil on older
/// C libraries, where only close-on-exec descriptors are kept from the child.
private let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32)? = {
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32).self)
}()

struct ChildProcessError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}

/// Whether the child has been reaped, and who waits for it.
private final class ExitState: Sendable {
    private struct State {
        var running = false
        var status: ChildExitStatus?
        var waiters: [CheckedContinuation<ChildExitStatus, Never>] = []
    }

    private let state = Mutex(State())

    var status: ChildExitStatus? { state.withLock { $0.status } }

    func started() {
        state.withLock { $0.running = true }
    }

    /// Runs `body` under the lock while the child has not been reaped.
    func whileRunning(_ body: () -> Void) {
        state.withLock { state in
            if state.running { body() }
        }
    }

    /// Runs `reap` (which reaps the child) under the lock and wakes the waiters.
    func reap(_ reap: () -> ChildExitStatus) {
        let (status, waiters) = state.withLock { state in
            let status = reap()
            state.running = false
            state.status = status
            defer { state.waiters.removeAll() }
            return (status, state.waiters)
        }
        for waiter in waiters { waiter.resume(returning: status) }
    }

    func wait() async -> ChildExitStatus {
        await withCheckedContinuation { continuation in
            let status = state.withLock { state -> ChildExitStatus? in
                if state.status == nil { state.waiters.append(continuation) }
                return state.status
            }
            if let status { continuation.resume(returning: status) }
        }
    }
}
