/// Every bound a partner's documents are held to, in one place; docs/TOOLS.md lists them.
public struct DocumentLimits: Hashable, Sendable {
    /// Longest collection name; names are `[a-z0-9_-]`.
    public var maxCollectionNameLength = 64
    /// Longest document id, in UTF-8 bytes.
    public var maxIDBytes = 128
    /// Longest title, in UTF-8 bytes.
    public var maxTitleBytes = 512
    /// Longest text, in UTF-8 bytes.
    public var maxTextBytes = 1 << 20
    /// Most metadata entries, and the longest key plus value of one, in bytes.
    public var maxMetadataEntries = 16
    public var maxMetadataEntryBytes = 256
    /// Most documents in one collection.
    public var maxDocumentsPerCollection = 10_000
    /// Most collections of one partner.
    public var maxCollectionsPerPartner = 100
    /// Most bytes (titles, texts, metadata) one partner stores in all.
    public var maxPartnerBytes: UInt64 = 64 << 20
    /// Longest query, in UTF-8 bytes.
    public var maxQueryBytes = 1_024
    /// Hits of a search when the request does not say, and the most it may ask.
    public var defaultHits = 10
    public var maxHits = 50
    /// Documents of a List page when the request does not say, and the most it may ask.
    public var defaultPageSize = 100
    public var maxPageSize = 500

    public init() {}
}
