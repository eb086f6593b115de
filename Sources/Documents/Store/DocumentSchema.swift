import Storage

/// The document store's schema history. Append new steps; never edit a shipped one.
///
/// `documents` holds every partner's documents; each partner's full-text index is an
/// FTS5 table of its own (`fts_<n>`, named in `partner_indexes`, over `documents` as
/// external content), so ranking statistics never mix partners.
enum DocumentSchema {
    static let migrations = [
        Migration(
            "documents and per-partner indexes",
            sql: """
                CREATE TABLE documents (
                    rowid INTEGER PRIMARY KEY,
                    partner TEXT NOT NULL,
                    collection TEXT NOT NULL,
                    doc_id TEXT NOT NULL,
                    title TEXT NOT NULL,
                    text TEXT NOT NULL,
                    metadata TEXT NOT NULL,
                    bytes INTEGER NOT NULL,
                    updated_at_ms INTEGER NOT NULL,
                    UNIQUE (partner, collection, doc_id)
                ) STRICT;

                CREATE TABLE partner_indexes (
                    number INTEGER PRIMARY KEY,
                    partner TEXT NOT NULL UNIQUE
                ) STRICT;
                """)
    ]

    /// The FTS5 table of partner index `number`.
    static func indexTable(_ number: Int64) -> String {
        "fts_\(number)"
    }

    static func createIndex(_ table: String) -> String {
        "CREATE VIRTUAL TABLE \(table) USING fts5(title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
    }
}
