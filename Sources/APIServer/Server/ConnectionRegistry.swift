import Synchronization

/// The server's live connections (flint/1 and HTTP/2), so that shutdown can drain them all.
final class ConnectionRegistry: Sendable {
    private let connections = Mutex<[ObjectIdentifier: any DrainableConnection]>([:])

    func add(_ connection: any DrainableConnection) {
        connections.withLock { $0[ObjectIdentifier(connection)] = connection }
    }

    func remove(_ connection: any DrainableConnection) {
        _ = connections.withLock { $0.removeValue(forKey: ObjectIdentifier(connection)) }
    }

    var all: [any DrainableConnection] {
        connections.withLock { Array($0.values) }
    }
}
