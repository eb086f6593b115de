import Synchronization

/// Caps the connections open at once, in all and per client IP address. Checked as a
/// connection is accepted, before any TLS work, so a flood from one address costs the
/// server an accept and a close.
final class ConnectionAdmission: Sendable {
    private struct Counts {
        var total = 0
        var byAddress: [String: Int] = [:]
    }

    let maxTotal: Int
    let maxPerAddress: Int
    private let counts = Mutex(Counts())

    init(maxTotal: Int, maxPerAddress: Int) {
        self.maxTotal = maxTotal
        self.maxPerAddress = maxPerAddress
    }

    /// Counts a new connection from `address`; false (and nothing counted) over a cap.
    func admit(_ address: String) -> Bool {
        counts.withLock { counts in
            let fromAddress = counts.byAddress[address, default: 0]
            guard counts.total < maxTotal, fromAddress < maxPerAddress else { return false }
            counts.total += 1
            counts.byAddress[address] = fromAddress + 1
            return true
        }
    }

    /// Forgets a connection `admit` counted.
    func release(_ address: String) {
        counts.withLock { counts in
            counts.total -= 1
            let left = counts.byAddress[address, default: 1] - 1
            counts.byAddress[address] = left > 0 ? left : nil
        }
    }

    /// Connections open now.
    var openConnections: Int { counts.withLock { $0.total } }
}

/// Why an accepted connection was closed at once.
struct ConnectionRefused: Error {}
