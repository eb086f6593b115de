/// Request of `/flint.v1.Health/Check` (proto `flint.v1.HealthCheckRequest`).
public struct HealthCheckRequest: Sendable, Equatable {
    /// A service name ("flint.v1.Inference", ...), or empty for the whole server.
    public var service: String

    public init(service: String = "") {
        self.service = service
    }
}

/// Response of `/flint.v1.Health/Check` (proto `flint.v1.HealthCheckResponse`).
public struct HealthCheckResponse: Sendable, Equatable {
    /// Proto enum `flint.v1.HealthCheckResponse.ServingStatus`; open, unknown values
    /// survive a round trip.
    public struct ServingStatus: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt32

        public init(rawValue: UInt32) {
            self.rawValue = rawValue
        }

        public static let unknown = ServingStatus(rawValue: 0)
        public static let serving = ServingStatus(rawValue: 1)
        /// Up but not taking calls.
        public static let notServing = ServingStatus(rawValue: 2)
        /// The named service does not exist on this server.
        public static let serviceUnknown = ServingStatus(rawValue: 3)
    }

    public var status: ServingStatus
    /// Server build, e.g. "flint/0.1.0".
    public var serverVersion: String

    public init(status: ServingStatus = .unknown, serverVersion: String = "") {
        self.status = status
        self.serverVersion = serverVersion
    }
}
