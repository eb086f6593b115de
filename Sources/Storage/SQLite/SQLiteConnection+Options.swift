extension SQLiteConnection {
    /// How a connection is set up when it opens. The defaults suit a server store.
    public struct Options: Sendable {
        /// How hard SQLite works to make a committed transaction survive a crash.
        public var synchronous: Synchronous
        /// How long a statement waits for another connection's lock before failing with
        /// ``SQLiteError/Code/busy``.
        public var busyTimeout: Duration
        /// Use the write-ahead log (`journal_mode=WAL`): readers never block the writer.
        public var writeAheadLog: Bool

        public init(synchronous: Synchronous = .full, busyTimeout: Duration = .seconds(5), writeAheadLog: Bool = true) {
            self.synchronous = synchronous
            self.busyTimeout = busyTimeout
            self.writeAheadLog = writeAheadLog
        }
    }

    /// SQLite's `PRAGMA synchronous` level, the durability knob.
    public enum Synchronous: Sendable, Hashable {
        /// Every commit is synced to disk before it returns: once acknowledged, a write
        /// survives a crash of the process or the machine. For stores such as API keys.
        case full
        /// In WAL mode, commits survive a crash of the process but the last ones may be lost
        /// if the machine loses power. Much cheaper; for stores such as the usage ledger.
        case normal

        var pragmaValue: String {
            switch self {
            case .full: "FULL"
            case .normal: "NORMAL"
            }
        }
    }
}
