import Storage

/// The key store's schema history. Append new steps; never edit a shipped one.
///
/// Times are Unix milliseconds. Quota columns are NULL for "the default". Tables are
/// STRICT, so a value of the wrong type is an error rather than silently stored.
enum KeyStoreSchema {
    static let migrations = [
        Migration(
            "partners, keys, audit log",
            sql: """
                CREATE TABLE partners (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL,
                    requests_per_minute INTEGER,
                    request_burst INTEGER,
                    tokens_per_minute INTEGER,
                    token_burst INTEGER,
                    max_concurrent_streams INTEGER,
                    daily_tokens INTEGER
                ) STRICT;

                CREATE TABLE keys (
                    id TEXT PRIMARY KEY,
                    partner_id INTEGER NOT NULL REFERENCES partners (id),
                    name TEXT NOT NULL,
                    scopes TEXT NOT NULL,
                    hmac BLOB NOT NULL CHECK (length(hmac) = 32),
                    requests_per_minute INTEGER,
                    request_burst INTEGER,
                    tokens_per_minute INTEGER,
                    token_burst INTEGER,
                    max_concurrent_streams INTEGER,
                    daily_tokens INTEGER,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER,
                    revoked_at INTEGER,
                    last_used_at INTEGER,
                    rotated_from TEXT REFERENCES keys (id)
                ) STRICT, WITHOUT ROWID;

                CREATE INDEX keys_by_partner ON keys (partner_id, created_at);
                CREATE INDEX keys_by_creation ON keys (created_at, id);

                CREATE TABLE audit_log (
                    sequence INTEGER PRIMARY KEY,
                    actor_key_id TEXT,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    details TEXT NOT NULL CHECK (json_valid(details)),
                    time INTEGER NOT NULL
                ) STRICT;

                CREATE INDEX audit_log_by_target ON audit_log (target, sequence);

                CREATE TABLE settings (
                    name TEXT PRIMARY KEY,
                    value BLOB NOT NULL
                ) STRICT, WITHOUT ROWID;
                """
        )
    ]
}
