import Foundation
import Logging
import NIOCore
import Wire

/// Puts a server together from its configuration: certificates, services, listener.
public enum ServerAssembly {
    /// The services this server serves, by proto name.
    static let serviceNames: Set<String> = ["flint.v1.Health"]

    /// Every method this server serves; the rest answer UNIMPLEMENTED.
    public static func makeRouter(configuration: ServerConfiguration) -> Router {
        var router = Router()
        HealthService(services: serviceNames, serverVersion: configuration.serverVersion).register(in: &router)
        return router
    }

    /// Resolves the certificate (creating the development one if none is configured) and
    /// binds the server. Call `run()` on the result.
    /// - Parameter router: the methods to serve; default ``makeRouter(configuration:)``.
    public static func start(configuration: ServerConfiguration, router: Router? = nil, logger: Logger) async throws -> FlintServer {
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let certificate = try configuration.certificate ?? developmentCertificate(in: configuration.dataDirectory, logger: logger)
        var tls = TLSConfiguration.Server(certificateChainPath: certificate.certificateChain, privateKeyPath: certificate.privateKey)
        tls.handshakeTimeout = TimeAmount.nanoseconds(Int64(configuration.handshakeTimeout.components.seconds) * 1_000_000_000 + configuration.handshakeTimeout.components.attoseconds / 1_000_000_000)
        return try await FlintServer.bind(
            configuration: configuration,
            tls: TLSConfiguration(role: .server(tls)),
            router: router ?? makeRouter(configuration: configuration),
            logger: logger
        )
    }

    private static func developmentCertificate(in dataDirectory: String, logger: Logger) throws -> CertificateFiles {
        let directory = dataDirectory + "/tls"
        let issued = try DevelopmentCertificateAuthority.ensure(directory: directory)
        if issued.created {
            logger.notice("created a development CA and server certificate", metadata: ["tls.ca": "\(issued.caCertificatePath)"])
        } else {
            logger.info("using the development certificate", metadata: ["tls.ca": "\(issued.caCertificatePath)"])
        }
        return CertificateFiles(certificateChain: issued.certificateChainPath, privateKey: issued.privateKeyPath)
    }
}
