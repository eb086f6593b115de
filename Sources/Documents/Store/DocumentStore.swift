import Foundation
import Logging
import Storage

/// Every partner's documents, in one SQLite file with an FTS5 index per partner. Every
/// method takes the calling partner and touches nothing else: each statement is bound
/// to it, and a partner's index holds only its own documents.
public final class DocumentStore: Sendable {
    public static let databaseFileName = "documents.sqlite"

    let database: Database
    public let limits: DocumentLimits
    let logger: Logger
    private var validation: DocumentValidation { DocumentValidation(limits: limits) }

    init(database: Database, limits: DocumentLimits, logger: Logger) {
        self.database = database
        self.limits = limits
        self.logger = logger
    }

    /// Opens (creating on first use) `documents.sqlite` in `dataDirectory`.
    public static func open(dataDirectory: String, limits: DocumentLimits = DocumentLimits(), logger: Logger) async throws -> DocumentStore {
        let database = try await Database.open(
            Database.Configuration(
                path: dataDirectory + "/" + databaseFileName, options: .init(synchronous: .full), migrations: DocumentSchema.migrations),
            logger: logger)
        return DocumentStore(database: database, limits: limits, logger: logger)
    }

    public func close() async {
        await database.close()
    }

    /// Stores `document` for `partner`, replacing one of the same collection and id.
    public func put(_ document: Document, partner: String, nowMs: Int64) async throws(DocumentError) -> PutOutcome {
        try validation.document(document)
        let limits = self.limits
        let metadata = Self.encode(document.metadata)
        return try await storage("put") { connection in
            try connection.transaction {
                let index = try Self.index(of: partner, in: connection, creating: true)!
                let old = try connection.queryFirst(
                    "SELECT rowid, title, text, bytes FROM documents WHERE partner = ? AND collection = ? AND doc_id = ?",
                    [.text(partner), .text(document.collection), .text(document.id)])
                let total = try connection.queryFirst("SELECT coalesce(sum(bytes), 0) FROM documents WHERE partner = ?", [.text(partner)])?
                    .get(0, as: Int64.self) ?? 0
                let after = UInt64(max(0, total - (try old?.get(3, as: Int64.self) ?? 0))) + UInt64(document.bytes)
                guard after <= limits.maxPartnerBytes else {
                    throw DocumentError.limitReached("your documents would take \(after) bytes; at most \(limits.maxPartnerBytes) are kept per partner")
                }
                if let old {
                    let rowid = try old.get(0, as: Int64.self)
                    try connection.run(
                        "INSERT INTO \(index)(\(index), rowid, title, text) VALUES ('delete', ?, ?, ?)",
                        [.integer(rowid), old[1], old[2]])
                    try connection.run(
                        "UPDATE documents SET title = ?, text = ?, metadata = ?, bytes = ?, updated_at_ms = ? WHERE rowid = ?",
                        [.text(document.title), .text(document.text), .text(metadata), .integer(Int64(document.bytes)), .integer(nowMs), .integer(rowid)])
                    try connection.run("INSERT INTO \(index)(rowid, title, text) VALUES (?, ?, ?)", [.integer(rowid), .text(document.title), .text(document.text)])
                } else {
                    try Self.checkRoom(for: document.collection, partner: partner, limits: limits, in: connection)
                    try connection.run(
                        "INSERT INTO documents (partner, collection, doc_id, title, text, metadata, bytes, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            .text(partner), .text(document.collection), .text(document.id), .text(document.title), .text(document.text),
                            .text(metadata), .integer(Int64(document.bytes)), .integer(nowMs),
                        ])
                    let rowid = connection.lastInsertRowID
                    try connection.run("INSERT INTO \(index)(rowid, title, text) VALUES (?, ?, ?)", [.integer(rowid), .text(document.title), .text(document.text)])
                }
                return PutOutcome(created: old == nil, partnerBytes: after)
            }
        }
    }

    /// Deletes one of `partner`'s documents; false when there was none.
    public func delete(collection: String, id: String, partner: String) async throws(DocumentError) -> Bool {
        try validation.collection(collection)
        try validation.id(id)
        return try await storage("delete") { connection in
            try connection.transaction {
                guard let index = try Self.index(of: partner, in: connection, creating: false),
                    let old = try connection.queryFirst(
                        "SELECT rowid, title, text FROM documents WHERE partner = ? AND collection = ? AND doc_id = ?",
                        [.text(partner), .text(collection), .text(id)])
                else { return false }
                try connection.run("INSERT INTO \(index)(\(index), rowid, title, text) VALUES ('delete', ?, ?, ?)", [old[0], old[1], old[2]])
                try connection.run("DELETE FROM documents WHERE rowid = ?", [old[0]])
                return true
            }
        }
    }

    /// One page of `partner`'s documents (of `collection`, or all), by collection and id.
    public func list(collection: String, partner: String, pageSize: Int, pageToken: String?) async throws(DocumentError) -> DocumentPage {
        if !collection.isEmpty { try validation.collection(collection) }
        let size = pageSize == 0 ? limits.defaultPageSize : min(pageSize, limits.maxPageSize)
        let after = try pageToken.map { token throws(DocumentError) in try PageToken.decode(token) } ?? PageToken(collection: "", id: "")
        return try await storage("list") { connection in
            let rows = try connection.query(
                """
                SELECT collection, doc_id, title, metadata, bytes, updated_at_ms FROM documents
                WHERE partner = ? AND (? = '' OR collection = ?) AND (collection, doc_id) > (?, ?)
                ORDER BY collection, doc_id LIMIT ?
                """,
                [.text(partner), .text(collection), .text(collection), .text(after.collection), .text(after.id), .integer(Int64(size + 1))])
            let documents = try rows.prefix(size).map { row in
                DocumentSummary(
                    collection: try row.get(0), id: try row.get(1), title: try row.get(2), metadata: Self.decode(try row.get(3)),
                    bytes: Int(try row.get(4, as: Int64.self)), updatedAtMs: try row.get(5))
            }
            let next = rows.count > size ? documents.last.map { PageToken(collection: $0.collection, id: $0.id).encoded } : nil
            return DocumentPage(documents: documents, nextPageToken: next)
        }
    }

    /// `partner`'s best matches of `query` (FTS5 syntax), in `collection` or all of them.
    public func search(_ query: String, collection: String, partner: String, limit: Int) async throws(DocumentError) -> [DocumentHit] {
        if !collection.isEmpty { try validation.collection(collection) }
        try validation.query(query)
        let count = limit == 0 ? limits.defaultHits : min(limit, limits.maxHits)
        return try await storage("search") { connection in
            guard let index = try Self.index(of: partner, in: connection, creating: false) else { return [] }
            let rows: [SQLiteRow]
            do {
                rows = try connection.query(
                    """
                    SELECT d.collection, d.doc_id, d.title, snippet(\(index), 1, '[', ']', '…', 16), bm25(\(index), 4.0, 1.0) AS rank, d.metadata
                    FROM \(index) JOIN documents d ON d.rowid = \(index).rowid
                    WHERE \(index) MATCH ? AND d.partner = ? AND (? = '' OR d.collection = ?)
                    ORDER BY rank, d.collection, d.doc_id LIMIT ?
                    """,
                    [.text(query), .text(partner), .text(collection), .text(collection), .integer(Int64(count))])
            } catch let error as SQLiteError where error.code.primary == .error {
                // SQLite's own words would name the index table; the caller gets its query back only.
                throw DocumentError.invalidQuery("'\(Self.printable(query))' is not a valid search query: use words, \"phrases\", OR, NOT, prefix* and title: or text:")
            }
            return try rows.map { row in
                DocumentHit(
                    collection: try row.get(0), id: try row.get(1), title: try row.get(2), snippet: try row.get(3),
                    score: -(try row.get(4, as: Double.self)), metadata: Self.decode(try row.get(5)))
            }
        }
    }

    /// Runs `body` on the store's connection; a failure of SQLite itself is logged (with
    /// its text, for operators) and reported as ``DocumentError/storage``.
    private func storage<T: Sendable>(_ what: String, _ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws(DocumentError) -> T {
        do {
            return try await database.write(body)
        } catch let error as DocumentError {
            throw error
        } catch {
            logger.error("the document store failed", metadata: ["documents.operation": "\(what)", "error": "\(error)"])
            throw .storage
        }
    }

    /// The partner's FTS5 table, created on its first document when `creating`.
    static func index(of partner: String, in connection: SQLiteConnection, creating: Bool) throws -> String? {
        if let number = try connection.queryFirst("SELECT number FROM partner_indexes WHERE partner = ?", [.text(partner)])?.get(0, as: Int64.self) {
            return DocumentSchema.indexTable(number)
        }
        guard creating else { return nil }
        try connection.run("INSERT INTO partner_indexes (partner) VALUES (?)", [.text(partner)])
        let table = DocumentSchema.indexTable(connection.lastInsertRowID)
        try connection.execute(DocumentSchema.createIndex(table))
        return table
    }

    private static func checkRoom(for collection: String, partner: String, limits: DocumentLimits, in connection: SQLiteConnection) throws {
        let inCollection = try connection.queryFirst(
            "SELECT count(*) FROM documents WHERE partner = ? AND collection = ?", [.text(partner), .text(collection)])?.get(0, as: Int64.self) ?? 0
        if inCollection == 0 {
            let collections = try connection.queryFirst(
                "SELECT count(DISTINCT collection) FROM documents WHERE partner = ?", [.text(partner)])?.get(0, as: Int64.self) ?? 0
            guard collections < limits.maxCollectionsPerPartner else {
                throw DocumentError.limitReached("you have \(collections) collections; at most \(limits.maxCollectionsPerPartner) are kept per partner")
            }
        }
        guard inCollection < limits.maxDocumentsPerCollection else {
            throw DocumentError.limitReached("the collection '\(collection)' holds \(inCollection) documents; at most \(limits.maxDocumentsPerCollection)")
        }
    }

    static func encode(_ metadata: [String: String]) -> String {
        let data = (try? JSONEncoder.sorted.encode(metadata)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }

    static func printable(_ text: String) -> String {
        let clean = String(text.unicodeScalars.prefix(120).map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        return text.unicodeScalars.count > 120 ? clean + "…" : clean
    }
}

extension JSONEncoder {
    fileprivate static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

/// Where a List page starts: after this collection and id. Opaque to callers.
struct PageToken: Equatable {
    var collection: String
    var id: String

    var encoded: String {
        Data((collection + "\n" + id).utf8).base64EncodedString()
    }

    static func decode(_ token: String) throws(DocumentError) -> PageToken {
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8), let newline = text.firstIndex(of: "\n") else {
            throw .invalid(field: "page_token", "not a page token this server gave out")
        }
        return PageToken(collection: String(text[..<newline]), id: String(text[text.index(after: newline)...]))
    }
}
