/// A document as a partner puts it.
public struct Document: Sendable, Equatable {
    public var collection: String
    public var id: String
    public var title: String
    public var text: String
    public var metadata: [String: String]

    public init(collection: String, id: String, title: String = "", text: String, metadata: [String: String] = [:]) {
        self.collection = collection
        self.id = id
        self.title = title
        self.text = text
        self.metadata = metadata
    }

    /// What the document counts for against the partner's total: title, text and metadata.
    public var bytes: Int {
        title.utf8.count + text.utf8.count + metadata.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
    }
}

/// A stored document, without its text.
public struct DocumentSummary: Sendable, Equatable {
    public var collection: String
    public var id: String
    public var title: String
    public var metadata: [String: String]
    public var bytes: Int
    public var updatedAtMs: Int64
}

/// One search hit.
public struct DocumentHit: Sendable, Equatable {
    public var collection: String
    public var id: String
    public var title: String
    /// The best passage, matching terms between `[` and `]`.
    public var snippet: String
    /// bm25, negated: higher is better.
    public var score: Double
    public var metadata: [String: String]
}

/// What a put did.
public struct PutOutcome: Sendable, Equatable {
    public var created: Bool
    /// The partner's stored bytes after the put.
    public var partnerBytes: UInt64
}

/// One page of a listing.
public struct DocumentPage: Sendable, Equatable {
    public var documents: [DocumentSummary]
    /// Where the next page starts; nil on the last page.
    public var nextPageToken: String?
}
