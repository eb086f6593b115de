import Foundation
import Logging
import Testing

@testable import ModelServices

#if canImport(Glibc)
    import Glibc
#endif

/// The supervisor's start, stop and error paths, with shell scripts standing in for
/// llama-server (fast, and independent of the model).
@Suite struct EmbeddedSupervisorTests {
    /// A configuration that runs `script` as llama-server (the model file is the script).
    static func fakeConfiguration(_ script: String, _ configure: (inout EmbeddedLlamaServer.Configuration) -> Void = { _ in })
        -> EmbeddedLlamaServer.Configuration
    {
        var configuration = EmbeddedLlamaServer.Configuration(executablePath: script, modelPath: script)
        configuration.startupTimeout = .seconds(30)
        configuration.shutdownGracePeriod = .seconds(5)
        configure(&configuration)
        return configuration
    }

    static func startError(_ configuration: EmbeddedLlamaServer.Configuration, server: EmbeddedLlamaServer? = nil) async throws -> EmbeddedLlamaServerError {
        let server = try server ?? EmbeddedLlamaServer(configuration: configuration, logger: Logger(label: "test.llama"))
        do {
            try await server.run()
        } catch let error as EmbeddedLlamaServerError {
            #expect(server.phase == .failed(error))
            #expect(server.processID == nil)
            return error
        }
        throw HTTPGetError(message: "run() returned without an error")
    }

    @Test func aChildThatExitsAtStartFailsWithItsOutput() async throws {
        try await withTemporaryDirectory { directory in
            let script = directory + "/llama-server"
            try writeScript(script, "echo 'main: error: failed to load model' >&2\nexit 3")
            let error = try await Self.startError(Self.fakeConfiguration(script))
            #expect(error.message.contains("exited with status 3 during start-up"), "\(error)")
            #expect(error.message.contains("main: error: failed to load model"), "\(error)")
        }
    }

    @Test func aChildThatNeverGetsHealthyTimesOutWithItsOutput() async throws {
        try await withTemporaryDirectory { directory in
            let script = directory + "/llama-server"
            try writeScript(script, "echo 'load_model: loading' >&2\nexec sleep 1000")
            let start = ContinuousClock.now
            let error = try await Self.startError(Self.fakeConfiguration(script) { $0.startupTimeout = .milliseconds(800) })
            #expect(start.duration(to: .now) < .seconds(5))
            #expect(error.message.contains("did not answer GET /health with 200"), "\(error)")
            #expect(error.message.contains("load_model: loading"), "\(error)")
        }
    }

    @Test func aMissingBinaryOrModelIsRefusedAtInit() throws {
        #expect(throws: EmbeddedLlamaServerError.self) {
            _ = try EmbeddedLlamaServer(configuration: .init(executablePath: "/nonexistent/llama-server", modelPath: "/etc/hostname"))
        }
        #expect(throws: EmbeddedLlamaServerError.self) {
            _ = try EmbeddedLlamaServer(configuration: .init(executablePath: "/bin/sh", modelPath: "/nonexistent/model.gguf"))
        }
    }

    @Test func theCommandLineWrapsLlamaServerInSetprivAndSizesTheContextPerSlot() throws {
        let configuration = EmbeddedLlamaServer.Configuration(
            executablePath: "/bin/sh", modelPath: "/etc/hostname", contextLength: 2048, parallelSlots: 2, threads: 1,
            setprivPath: "/usr/bin/setpriv")
        let server = try EmbeddedLlamaServer(configuration: configuration)
        #expect(server.port > 0)
        #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
        let command = server.commandLine
        #expect(Array(command.prefix(5)) == ["/usr/bin/setpriv", "--pdeathsig", "KILL", "--", "/bin/sh"])
        let text = command.joined(separator: " ")
        #expect(text.contains("--ctx-size 4096 --parallel 2 --threads 1"))
        #expect(text.contains("--host 127.0.0.1 --port \(server.port)"))
        #expect(text.contains("--alias gemma-3-270m"))
        let model = try #require(server.modelConfiguration.models["gemma-3-270m"])
        #expect(model.urls == [server.baseURL])
        #expect(model.contextLength == 2048)
    }

    @Test func setprivIsFoundOnThisSystem() {
        #expect(EmbeddedLlamaServer.Configuration.defaultSetprivPath != nil, "install util-linux: without setpriv llama-server can outlive Flint")
    }

    @Test func theChildGetsDefaultSignalsAndNoInheritedDescriptors() async throws {
        // The test process ignores SIGPIPE, as servers do; the child must not inherit that.
        signal(SIGPIPE, SIG_IGN)
        // And it has a descriptor open without close-on-exec, which the child must not get.
        let leaked = open("/etc/hostname", O_RDONLY)
        defer { close(leaked) }
        try await withTemporaryDirectory { directory in
            let script = directory + "/llama-server"
            try writeScript(script, "ls -l /proc/$$/fd >&2\nexec grep -E '^(SigIgn|SigBlk)' /proc/self/status >&2")
            let error = try await Self.startError(Self.fakeConfiguration(script))
            let lines = error.message.split(separator: "\n").map(String.init)
            func mask(_ name: String) -> UInt64? {
                lines.first { $0.hasPrefix(name + ":") }.flatMap { UInt64($0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces), radix: 16) }
            }
            #expect(mask("SigBlk") == 0, "\(error)")
            // Signals 1...31 at their defaults; glibc's posix_spawn itself ignores its two
            // internal real-time signals (32, 33), which no program relies on.
            #expect(try #require(mask("SigIgn")) & 0x7FFF_FFFF == 0, "\(error)")
            let descriptors = lines.compactMap { line -> (Int, String)? in
                let parts = line.components(separatedBy: " -> ")
                guard parts.count == 2, let number = parts[0].split(separator: " ").last.flatMap({ Int($0) }) else { return nil }
                return (number, parts[1])
            }
            let output = descriptors.first { $0.0 == 1 }?.1
            #expect(output?.hasPrefix("socket:") == true)
            // Beyond stdin, stdout and stderr only the shell's own: the script, a copy of stderr.
            let foreign = descriptors.filter { $0.0 > 2 && $0.1 != output && !$0.1.hasSuffix("/llama-server") }
            #expect(foreign.isEmpty, "\(error)")
        }
    }

    @Test func theChildGetsOnlyPathHomeTmpdirLibraryPathAndItsKey() async throws {
        let environment = [
            "PATH": "/opt/bin:/usr/bin", "HOME": "/home/flint", "LD_LIBRARY_PATH": "/opt/lib", "FLINT_ADMIN_KEY": "secret",
            "HTTPS_PROXY": "http://proxy.invalid:3128", "no_proxy": "*", "LLAMA_ARG_THREADS": "64", "TMPDIR": "",
        ]
        let child = EmbeddedLlamaServer.Configuration.childEnvironment(apiKey: "k", environment: environment)
        #expect(child == ["PATH": "/opt/bin:/usr/bin", "HOME": "/home/flint", "LD_LIBRARY_PATH": "/opt/lib", "LLAMA_API_KEY": "k"])
        #expect(EmbeddedLlamaServer.Configuration.childEnvironment(apiKey: "k", environment: [:]) == ["PATH": "/usr/bin:/bin", "LLAMA_API_KEY": "k"])

        // What a real child is started with (this test process has many more variables).
        try await withTemporaryDirectory { directory in
            let script = directory + "/llama-server"
            try writeScript(script, "tr '\\0' '\\n' < /proc/$$/environ >&2\nexit 3")
            let configuration = Self.fakeConfiguration(script)
            let server = try EmbeddedLlamaServer(configuration: configuration, logger: Logger(label: "test.llama"))
            let key = try #require(server.childEndpoint.bearerToken)
            let error = try await Self.startError(configuration, server: server)
            let names = Set(error.message.split(separator: "\n").compactMap { line in line.split(separator: "=", maxSplits: 1).first.map(String.init) }
                .filter { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } })
            #expect(names.isSubset(of: ["PATH", "HOME", "TMPDIR", "LD_LIBRARY_PATH", "LLAMA_API_KEY"]), "\(error)")
            #expect(error.message.contains("LLAMA_API_KEY=\(key)"))
            #expect(!names.contains { $0.hasPrefix("FLINT_") })
        }
    }

    @Test func aGracefulStopEscalatesToSIGKILLForAChildIgnoringSIGTERM() async throws {
        try await withTemporaryDirectory { directory in
            let script = directory + "/llama-server"
            try writeScript(script, "trap '' TERM\necho started >&2\nexec sleep 1000")
            let configuration = Self.fakeConfiguration(script) { $0.shutdownGracePeriod = .milliseconds(300) }
            let server = try EmbeddedLlamaServer(configuration: configuration, logger: Logger(label: "test.llama"))
            let running = Task { try await server.run() }
            #expect(await eventually(timeout: .seconds(10)) { server.processID != nil })
            let pid = try #require(server.processID)
            #expect(await eventually(timeout: .seconds(5)) { isRunning(pid, named: "sleep") })
            let stoppedAt = ContinuousClock.now
            server.stop()
            try await running.value
            let elapsed = stoppedAt.duration(to: .now)
            #expect(elapsed >= .milliseconds(250) && elapsed < .seconds(3), "\(elapsed)")
            #expect(!isRunning(pid, named: "sleep"))
            #expect(server.phase == .stopped)
        }
    }

    @Test func cancellingRunKillsTheChildAtOnce() async throws {
        try await withTemporaryDirectory { directory in
            let script = directory + "/llama-server"
            try writeScript(script, "trap '' TERM\nexec sleep 1000")
            let server = try EmbeddedLlamaServer(configuration: Self.fakeConfiguration(script) { $0.shutdownGracePeriod = .seconds(30) })
            let running = Task { try await server.run() }
            #expect(await eventually(timeout: .seconds(10)) { server.processID != nil })
            let pid = try #require(server.processID)
            let cancelledAt = ContinuousClock.now
            running.cancel()
            _ = try? await running.value
            #expect(cancelledAt.duration(to: .now) < .seconds(2))
            #expect(!isRunning(pid, named: "sleep"))
        }
    }

    @Test func restartDelaysGrowAndAreForgivenAfterAHealthyRun() {
        var backoff = RestartBackoff(initial: .milliseconds(500), maximum: .seconds(4), multiplier: 2, resetAfter: .seconds(60))
        let delays = (0..<6).map { _ in backoff.nextDelay(afterRunningFor: .seconds(1)) }
        #expect(delays == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(4), .seconds(4)])
        #expect(backoff.nextDelay(afterRunningFor: .seconds(61)) == .milliseconds(500))
        #expect(backoff.nextDelay(afterRunningFor: .seconds(1)) == .seconds(1))
    }

    @Test func exitStatusesDecode() {
        #expect(ChildExitStatus(waitStatus: 3 << 8) == .exited(code: 3))
        #expect(ChildExitStatus(waitStatus: 0) == .exited(code: 0))
        #expect(ChildExitStatus(waitStatus: SIGKILL) == .signaled(signal: SIGKILL))
        #expect("\(ChildExitStatus.signaled(signal: 9))" == "killed by signal 9")
    }
}
