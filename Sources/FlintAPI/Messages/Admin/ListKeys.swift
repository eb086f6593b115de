/// The input of `/flint.v1.Admin/ListKeys`, which lists keys newest first, one page at a
/// time (proto `flint.v1.ListKeysRequest`).
public struct ListKeysRequest: Sendable, Equatable {
    /// Only this partner's keys. Empty: every partner.
    public var partner: String
    /// Include revoked and expired keys.
    public var includeInactive: Bool
    /// Most keys per page. 0 means 100; at most 1000.
    public var pageSize: UInt32
    /// `nextPageToken` of the previous page. Empty for the first page.
    public var pageToken: String

    public init(
        partner: String = "", includeInactive: Bool = false, pageSize: UInt32 = 0,
        pageToken: String = ""
    ) {
        self.partner = partner
        self.includeInactive = includeInactive
        self.pageSize = pageSize
        self.pageToken = pageToken
    }
}

/// The answer of `/flint.v1.Admin/ListKeys` (proto `flint.v1.ListKeysResponse`).
public struct ListKeysResponse: Sendable, Equatable {
    /// This page of keys, newest first.
    public var keys: [KeyInfo]
    /// Pass as `pageToken` for the next page. Empty on the last page.
    public var nextPageToken: String

    public init(keys: [KeyInfo] = [], nextPageToken: String = "") {
        self.keys = keys
        self.nextPageToken = nextPageToken
    }
}
