import Logging
import Storage

extension KeyStore {
    /// Opens the store in `dataDirectory`, creating the directory (0700), the pepper
    /// (0600) and the database on first start.
    ///
    /// On a store without keys it issues one admin key (all scopes) and writes it to
    /// `<data-dir>/admin.key` (0600); ``createdAdminKeyFile`` then holds that path. The key
    /// file is written before the key is committed, so a crash in between leaves no
    /// unknowable admin key: the next start, still finding no keys, writes a fresh one.
    ///
    /// A start-up call: it does a little blocking file I/O for the pepper.
    public static func open(
        dataDirectory: String,
        configuration: Configuration = Configuration(),
        clock: any WallClock = SystemWallClock(),
        logger: Logger
    ) async throws -> KeyStore {
        try KeyStoreError.rethrowing { () throws(OwnerOnlyFileError) in try OwnerOnlyFile.makeDirectory(dataDirectory) }
        let pepper = try configuration.pepper ?? Pepper.loadOrCreate(at: dataDirectory + "/" + Self.pepperFileName)
        let hasher = try KeyHasher(pepper: pepper)
        let database = try await Database.open(
            Database.Configuration(
                path: dataDirectory + "/" + Self.databaseFileName,
                options: .init(synchronous: .full, busyTimeout: configuration.busyTimeout),
                migrations: KeyStoreSchema.migrations
            ),
            logger: logger
        )
        do {
            try await Self.checkPepper(database: database, hasher: hasher)
            var adminKeyFile: String?
            if configuration.bootstrapAdminKey {
                adminKeyFile = try await Self.bootstrap(
                    database: database,
                    hasher: hasher,
                    partner: Validation.label(configuration.adminPartner, field: "admin partner"),
                    path: dataDirectory + "/" + Self.adminKeyFileName,
                    now: clock.now()
                )
            }
            let store = KeyStore(
                database: database,
                hasher: hasher,
                clock: clock,
                logger: logger,
                createdAdminKeyFile: adminKeyFile,
                adminPartner: configuration.adminPartner
            )
            if let interval = configuration.lastUsedFlushInterval {
                store.startFlushing(every: interval)
            }
            logger.debug("Opened key store", metadata: ["db.path": "\(dataDirectory)/\(Self.databaseFileName)"])
            return store
        } catch {
            await database.close()
            throw error
        }
    }

    /// The store remembers a tag of a fixed message under its pepper; a different pepper
    /// would make every key fail, so it is refused with a clear error instead.
    private static func checkPepper(database: Database, hasher: KeyHasher) async throws {
        let tag = try hasher.tag(Array("flint key store pepper check v1".utf8))
        try await database.write { connection in
            let sql = "SELECT value FROM settings WHERE name = 'pepper_check'"
            if let stored = try connection.queryFirst(sql)?.get(0, as: [UInt8].self) {
                guard ConstantTime.equals(stored, tag) else {
                    throw KeyStoreError(
                        code: .configuration,
                        message: "the pepper does not match the one this key store was created with"
                    )
                }
                return
            }
            try connection.run("INSERT INTO settings (name, value) VALUES ('pepper_check', ?)", [.blob(tag)])
        }
    }

    /// Issues the admin key of a store that has no keys; returns the key file's path.
    private static func bootstrap(
        database: Database,
        hasher: KeyHasher,
        partner: String,
        path: String,
        now: Timestamp
    ) async throws -> String? {
        try await database.write { connection in
            guard try connection.keyCount() == 0 else { return nil }
            let key = APIKey.generate()
            let record = KeyRecord(
                id: key.id,
                partner: partner,
                name: "bootstrap admin",
                scopes: Set(Scope.all),
                quota: Quota(),
                createdAt: now
            )
            try KeyStoreError.rethrowing { () throws(OwnerOnlyFileError) in try OwnerOnlyFile.replace(path, with: Array((key.plaintext + "\n").utf8)) }
            try connection.insertIssued(record, hmac: hasher.tag(for: key), actor: nil)
            return path
        }
    }
}
