import Foundation
import Logging
import ServiceLifecycle
import Testing

@testable import ModelServices

/// Graceful shutdown through a real `ServiceGroup`, as `apiserver` runs these services.
///
/// `ServiceLifecycle` is imported through `ModelServices`' own dependency; the test target
/// does not list it.
@Suite struct ServiceGroupTests {
    @Test func gracefulShutdownSendsSIGTERMAndReapsTheChild() async throws {
        try await withTemporaryDirectory { directory in
            let script = directory + "/llama-server"
            let marker = directory + "/terminated"
            try writeScript(script, "trap 'echo TERM > \(marker); exit 0' TERM\nwhile :; do sleep 0.05; done")
            let configuration = EmbeddedSupervisorTests.fakeConfiguration(script) { $0.shutdownGracePeriod = .seconds(10) }
            let server = try EmbeddedLlamaServer(configuration: configuration, logger: Logger(label: "test.llama"))
            let group = ServiceGroup(services: [server], logger: Logger(label: "test.group"))
            let running = Task { try await group.run() }
            #expect(await eventually(timeout: .seconds(10)) { server.processID != nil })
            let pid = try #require(server.processID)
            let shutdownAt = ContinuousClock.now
            await group.triggerGracefulShutdown()
            try await running.value
            #expect(shutdownAt.duration(to: .now) < .seconds(5), "SIGTERM, not the SIGKILL after the grace period")
            #expect(FileManager.default.fileExists(atPath: marker))
            #expect(!isRunning(pid, named: "llama-server"))
            #expect(server.phase == .stopped)
        }
    }

    @Test func theBackendShutsItsClientDownOnGracefulShutdown() async throws {
        let backend = try makeBackend(urls: ["http://127.0.0.1:9"])
        let group = ServiceGroup(services: [backend], logger: Logger(label: "test.group"))
        let running = Task { try await group.run() }
        try await Task.sleep(for: .milliseconds(50))
        await group.triggerGracefulShutdown()
        try await running.value
        try await backend.shutdown()  // idempotent
        let (_, error) = await collect(backend.stream(rawPrompt, deadline: nil))
        #expect(error is ModelServiceError)
    }
}
