import Synchronization

/// The server's live connections, so that shutdown can drain them all.
final class ConnectionRegistry: Sendable {
    private let connections = Mutex<[ObjectIdentifier: ServerConnection]>([:])

    func add(_ connection: ServerConnection) {
        connections.withLock { $0[ObjectIdentifier(connection)] = connection }
    }

    func remove(_ connection: ServerConnection) {
        _ = connections.withLock { $0.removeValue(forKey: ObjectIdentifier(connection)) }
    }

    var all: [ServerConnection] {
        connections.withLock { Array($0.values) }
    }
}
