/// The input of `/flint.v1.Documents/Put`: stores a document, replacing one of the same
/// collection and id (proto `flint.v1.PutDocumentRequest`).
public struct PutDocumentRequest: Sendable, Equatable {
    public var collection: String
    public var id: String
    public var title: String
    public var text: String
    /// Returned with hits, not searched.
    public var metadata: [String: String]

    public init(collection: String = "", id: String = "", title: String = "", text: String = "", metadata: [String: String] = [:]) {
        self.collection = collection
        self.id = id
        self.title = title
        self.text = text
        self.metadata = metadata
    }
}

/// The answer of `/flint.v1.Documents/Put` (proto `flint.v1.PutDocumentResponse`).
public struct PutDocumentResponse: Sendable, Equatable {
    /// False when a document of that collection and id was replaced.
    public var created: Bool
    /// The partner's stored bytes after the call, and the most allowed.
    public var partnerBytes: UInt64
    public var partnerBytesLimit: UInt64

    public init(created: Bool = false, partnerBytes: UInt64 = 0, partnerBytesLimit: UInt64 = 0) {
        self.created = created
        self.partnerBytes = partnerBytes
        self.partnerBytesLimit = partnerBytesLimit
    }
}

/// The input of `/flint.v1.Documents/Delete` (proto `flint.v1.DeleteDocumentRequest`).
public struct DeleteDocumentRequest: Sendable, Equatable {
    public var collection: String
    public var id: String

    public init(collection: String = "", id: String = "") {
        self.collection = collection
        self.id = id
    }
}

/// The answer of `/flint.v1.Documents/Delete` (proto `flint.v1.DeleteDocumentResponse`).
public struct DeleteDocumentResponse: Sendable, Equatable {
    /// False when there was no such document.
    public var deleted: Bool

    public init(deleted: Bool = false) {
        self.deleted = deleted
    }
}

/// The input of `/flint.v1.Documents/List` (proto `flint.v1.ListDocumentsRequest`).
public struct ListDocumentsRequest: Sendable, Equatable {
    /// Empty lists every collection of the partner.
    public var collection: String
    /// 0 means 100; at most 500.
    public var pageSize: UInt32
    /// From a previous `nextPageToken`; empty for the first page.
    public var pageToken: String

    public init(collection: String = "", pageSize: UInt32 = 0, pageToken: String = "") {
        self.collection = collection
        self.pageSize = pageSize
        self.pageToken = pageToken
    }
}

/// A stored document, without its text (proto `flint.v1.DocumentInfo`).
public struct DocumentInfo: Sendable, Equatable {
    public var collection: String
    public var id: String
    public var title: String
    public var metadata: [String: String]
    /// Bytes of title, text and metadata.
    public var bytes: UInt64
    /// When it was last put, Unix milliseconds.
    public var updatedAtMs: Int64

    public init(
        collection: String = "", id: String = "", title: String = "", metadata: [String: String] = [:], bytes: UInt64 = 0, updatedAtMs: Int64 = 0
    ) {
        self.collection = collection
        self.id = id
        self.title = title
        self.metadata = metadata
        self.bytes = bytes
        self.updatedAtMs = updatedAtMs
    }
}

/// The answer of `/flint.v1.Documents/List` (proto `flint.v1.ListDocumentsResponse`).
public struct ListDocumentsResponse: Sendable, Equatable {
    public var documents: [DocumentInfo]
    /// Empty on the last page.
    public var nextPageToken: String

    public init(documents: [DocumentInfo] = [], nextPageToken: String = "") {
        self.documents = documents
        self.nextPageToken = nextPageToken
    }
}

/// The input of `/flint.v1.Documents/Search` (proto `flint.v1.SearchDocumentsRequest`).
public struct SearchDocumentsRequest: Sendable, Equatable {
    /// Empty searches every collection of the partner.
    public var collection: String
    /// FTS5 query syntax.
    public var query: String
    /// Most hits; 0 means 10, at most 50.
    public var limit: UInt32

    public init(collection: String = "", query: String = "", limit: UInt32 = 0) {
        self.collection = collection
        self.query = query
        self.limit = limit
    }
}

/// One hit of a search (proto `flint.v1.SearchHit`).
public struct SearchHit: Sendable, Equatable {
    public var collection: String
    public var id: String
    public var title: String
    /// The best passage, matching terms between `[` and `]`.
    public var snippet: String
    /// bm25, negated: higher is better; comparable within one response only.
    public var score: Double
    public var metadata: [String: String]

    public init(
        collection: String = "", id: String = "", title: String = "", snippet: String = "", score: Double = 0, metadata: [String: String] = [:]
    ) {
        self.collection = collection
        self.id = id
        self.title = title
        self.snippet = snippet
        self.score = score
        self.metadata = metadata
    }
}

/// The answer of `/flint.v1.Documents/Search` (proto `flint.v1.SearchDocumentsResponse`).
public struct SearchDocumentsResponse: Sendable, Equatable {
    /// Best first.
    public var hits: [SearchHit]

    public init(hits: [SearchHit] = []) {
        self.hits = hits
    }
}
