import AsyncHTTPClient
import Logging
import NIOPosix
import ServerTools
import ServiceLifecycle
import Timing

/// The remote tool services of one server: their tools for the registry (a
/// ``ServerToolSource``), and, run as a service, the loops that keep the lists current.
public final class ToolServiceDirectory: ServerToolSource, Service {
    private let configuration: ToolServicesConfiguration
    private let services: [RemoteToolService]
    /// One HTTP client for every tool service of the process, never shut down (as
    /// AsyncHTTPClient's shared client): connections to the operator's URLs only, no redirects.
    private static let httpClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(5)
        configuration.redirectConfiguration = .disallow  // the operator's URL, not one a server picks
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }()
    private let sleep: @Sendable (Duration) async throws -> Void

    public init(
        _ configuration: ToolServicesConfiguration, logger: Logger,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await CancellableSleep.for($0) }
    ) {
        self.configuration = configuration
        self.sleep = sleep
        services = configuration.servers.map { RemoteToolService(server: $0, httpClient: Self.httpClient, logger: logger) }
    }

    public var currentTools: [any ServerTool] {
        services.flatMap(\.tools)
    }

    /// Lists every server's tools once (a server that cannot be read keeps none for now).
    public func refreshAll() async {
        await withTaskGroup(of: Void.self) { group in
            for service in services { group.addTask { await service.refresh() } }
        }
    }

    /// Keeps the lists current until shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown { [services, configuration, sleep] in
            await withTaskGroup(of: Void.self) { group in
                for service in services {
                    group.addTask {
                        await service.run(refreshInterval: configuration.refreshInterval, retryInterval: configuration.retryInterval, sleep: sleep)
                    }
                }
            }
        }
    }
}
