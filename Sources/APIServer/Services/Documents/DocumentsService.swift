import Documents
import Foundation
import FlintAPI

/// `flint.v1.Documents`: the calling partner's own document collections (scope `tools`).
/// Every method acts on the key's partner and nothing else; see ``DocumentStore``.
struct DocumentsService: Sendable {
    let store: DocumentStore
    let now: @Sendable () -> Int64

    init(store: DocumentStore, now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.store = store
        self.now = now
    }

    func register(in router: inout Router) {
        router.register(Methods.Documents.put, UnaryMethod(put))
        router.register(Methods.Documents.delete, UnaryMethod(delete))
        router.register(Methods.Documents.list, UnaryMethod(list))
        router.register(Methods.Documents.search, UnaryMethod(search))
    }

    @Sendable func put(_ request: PutDocumentRequest, _ context: ServerCallContext) async throws -> PutDocumentResponse {
        let document = Document(collection: request.collection, id: request.id, title: request.title, text: request.text, metadata: request.metadata)
        let outcome = try await Self.mapping { () throws(DocumentError) in try await store.put(document, partner: try partner(context), nowMs: now()) }
        return PutDocumentResponse(created: outcome.created, partnerBytes: outcome.partnerBytes, partnerBytesLimit: store.limits.maxPartnerBytes)
    }

    @Sendable func delete(_ request: DeleteDocumentRequest, _ context: ServerCallContext) async throws -> DeleteDocumentResponse {
        let deleted = try await Self.mapping { () throws(DocumentError) in
            try await store.delete(collection: request.collection, id: request.id, partner: try partner(context))
        }
        return DeleteDocumentResponse(deleted: deleted)
    }

    @Sendable func list(_ request: ListDocumentsRequest, _ context: ServerCallContext) async throws -> ListDocumentsResponse {
        let page = try await Self.mapping { () throws(DocumentError) in
            try await store.list(
                collection: request.collection, partner: try partner(context), pageSize: Int(request.pageSize),
                pageToken: request.pageToken.isEmpty ? nil : request.pageToken)
        }
        return ListDocumentsResponse(
            documents: page.documents.map {
                DocumentInfo(collection: $0.collection, id: $0.id, title: $0.title, metadata: $0.metadata, bytes: UInt64($0.bytes), updatedAtMs: $0.updatedAtMs)
            },
            nextPageToken: page.nextPageToken ?? "")
    }

    @Sendable func search(_ request: SearchDocumentsRequest, _ context: ServerCallContext) async throws -> SearchDocumentsResponse {
        let hits = try await Self.mapping { () throws(DocumentError) in
            try await store.search(request.query, collection: request.collection, partner: try partner(context), limit: Int(request.limit))
        }
        return SearchDocumentsResponse(
            hits: hits.map {
                SearchHit(collection: $0.collection, id: $0.id, title: $0.title, snippet: $0.snippet, score: $0.score, metadata: $0.metadata)
            })
    }

    /// The key's partner; a keyed method always has one.
    private func partner(_ context: ServerCallContext) throws(DocumentError) -> String {
        guard let partner = context.principal?.partner else { throw .invalid(field: "authorization", "a key is needed") }
        return partner
    }

    static func mapping<T>(_ body: () async throws(DocumentError) -> T) async throws(RPCError) -> T {
        do {
            return try await body()
        } catch {
            throw rpcError(error)
        }
    }

    /// Document errors in wire terms. None names another partner or carries SQL.
    static func rpcError(_ error: DocumentError) -> RPCError {
        switch error {
        case .invalid(let field, let message):
            RPCError(.invalidArgument, message, details: [.fieldViolation(FieldViolation(field: field, description: message))])
        case .invalidQuery(let message):
            RPCError(.invalidArgument, message, details: [.fieldViolation(FieldViolation(field: "query", description: "not valid search syntax"))])
        case .limitReached(let message):
            RPCError(.resourceExhausted, message)
        case .storage:
            RPCError(.internalError, "the document store failed; the server's log has the details under this request id")
        }
    }
}
