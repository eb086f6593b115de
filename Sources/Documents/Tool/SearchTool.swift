import Foundation
import ServerTools
import ToolSchema

/// The built-in `search` server tool: full-text search over the calling partner's own
/// documents (``DocumentStore``), from inside the tool loop. It sees only the partner the
/// call belongs to; a call without one finds nothing to search.
///
/// Result: `{"hits":[{"collection":"…","id":"…","title":"…","snippet":"…","score":S}]}`, best
/// first; a query FTS5 cannot read is a tool error the model can fix.
public struct SearchTool: ServerTool {
    public static let toolName = "search"
    public let name = SearchTool.toolName
    /// 5 seconds and 8,192 bytes.
    public let limits: ServerToolLimits
    private let store: DocumentStore

    public init(store: DocumentStore, limits: ServerToolLimits = ServerToolLimits(timeout: .seconds(5), maxOutputBytes: 8_192)) {
        self.store = store
        self.limits = limits
    }

    public var description: String {
        """
        Searches your own documents (full text). "query": words that must all appear, "quoted phrases", OR, NOT, \
        prefix*. "collection" (optional): only that collection. "limit" (optional): most hits, 1 to 20 (default 5; other numbers are clamped). \
        Returns the best hits first, each with its collection, id, title and a snippet with the matching words in [brackets].
        """
    }

    public var parametersSchema: String {
        #"{"type":"object","properties":{"#
            + #""query":{"type":"string","minLength":1,"maxLength":100,"description":"What to look for."},"#
            + #""collection":{"type":"string","maxLength":64,"description":"Only this collection."},"#
            + #""limit":{"type":"integer","description":"Most hits, 1 to 20; others are clamped to that range."}"#
            + #"},"required":["query"],"additionalProperties":false}"#
    }

    public func run(_ arguments: JSONValue, context: ServerToolContext) async throws(ServerToolFailure) -> String {
        guard let partner = context.partner else { throw ServerToolFailure("search needs a caller with documents; this call has none") }
        guard case .object(let object) = arguments, case .string(let query)? = object["query"] else {
            throw ServerToolFailure("\"query\" must be a string")
        }
        let collection = object["collection"]?.stringValue ?? ""
        let limit = object["limit"]?.intValue ?? 5
        let hits: [DocumentHit]
        do {
            hits = try await store.search(query, collection: collection, partner: partner, limit: min(max(limit, 1), 20))
        } catch {
            switch error {
            case .invalid(_, let message), .invalidQuery(let message), .limitReached(let message): throw ServerToolFailure(message)
            case .storage: throw ServerToolFailure("the document store failed; try again later")
            }
        }
        return Self.result(hits, cap: limits.maxOutputBytes)
    }

    /// The hits as compact JSON, dropping the last ones (and saying how many) to stay within `cap`.
    static func result(_ hits: [DocumentHit], cap: Int) -> String {
        func object(_ members: [(String, JSONValue)]) -> JSONValue {
            .object(JSONObject(members: members.map { (key: $0.0, value: $0.1) })!)
        }
        var kept = hits
        while true {
            let rows = kept.map { hit in
                object([
                    ("collection", .string(hit.collection)), ("id", .string(hit.id)), ("title", .string(hit.title)),
                    ("snippet", .string(hit.snippet)), ("score", .number(JSONNumber(literal: String(format: "%.3f", hit.score)) ?? JSONNumber(0))),
                ])
            }
            var members: [(String, JSONValue)] = [("hits", .array(rows))]
            if kept.count < hits.count { members.append(("omitted", .number(JSONNumber(hits.count - kept.count)))) }
            let text = object(members).serialized()
            if text.utf8.count <= cap || kept.isEmpty { return text }
            kept.removeLast()
        }
    }
}
