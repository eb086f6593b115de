internal import CFlintProto

extension PutDocumentRequest: ProtobufBridged {
    init(reading message: Flint__V1__PutDocumentRequest, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            collection: try reader.string(message.collection, "collection"), id: try reader.string(message.id, "id"),
            title: try reader.string(message.title, "title"), text: try reader.string(message.text, "text"),
            metadata: try reader.map(message.n_metadata, message.metadata, "metadata"))
    }

    func write(to message: inout Flint__V1__PutDocumentRequest, in arena: PackArena) {
        message.collection = arena.string(collection)
        message.id = arena.string(id)
        message.title = arena.string(title)
        message.text = arena.string(text)
        (message.n_metadata, message.metadata) = arena.map(metadata, as: Flint__V1__PutDocumentRequest__MetadataEntry.self)
    }
}

extension PutDocumentResponse: ProtobufBridged {
    init(reading message: Flint__V1__PutDocumentResponse, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(created: message.created != 0, partnerBytes: message.partner_bytes, partnerBytesLimit: message.partner_bytes_limit)
    }

    func write(to message: inout Flint__V1__PutDocumentResponse, in arena: PackArena) {
        message.created = created ? 1 : 0
        message.partner_bytes = partnerBytes
        message.partner_bytes_limit = partnerBytesLimit
    }
}

extension DeleteDocumentRequest: ProtobufBridged {
    init(reading message: Flint__V1__DeleteDocumentRequest, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(collection: try reader.string(message.collection, "collection"), id: try reader.string(message.id, "id"))
    }

    func write(to message: inout Flint__V1__DeleteDocumentRequest, in arena: PackArena) {
        message.collection = arena.string(collection)
        message.id = arena.string(id)
    }
}

extension DeleteDocumentResponse: ProtobufBridged {
    init(reading message: Flint__V1__DeleteDocumentResponse, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(deleted: message.deleted != 0)
    }

    func write(to message: inout Flint__V1__DeleteDocumentResponse, in arena: PackArena) {
        message.deleted = deleted ? 1 : 0
    }
}

extension ListDocumentsRequest: ProtobufBridged {
    init(reading message: Flint__V1__ListDocumentsRequest, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            collection: try reader.string(message.collection, "collection"), pageSize: message.page_size,
            pageToken: try reader.string(message.page_token, "page_token"))
    }

    func write(to message: inout Flint__V1__ListDocumentsRequest, in arena: PackArena) {
        message.collection = arena.string(collection)
        message.page_size = pageSize
        message.page_token = arena.string(pageToken)
    }
}

extension DocumentInfo: ProtobufBridged {
    init(reading message: Flint__V1__DocumentInfo, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            collection: try reader.string(message.collection, "collection"), id: try reader.string(message.id, "id"),
            title: try reader.string(message.title, "title"), metadata: try reader.map(message.n_metadata, message.metadata, "metadata"),
            bytes: message.bytes, updatedAtMs: message.updated_at_ms)
    }

    func write(to message: inout Flint__V1__DocumentInfo, in arena: PackArena) {
        message.collection = arena.string(collection)
        message.id = arena.string(id)
        message.title = arena.string(title)
        (message.n_metadata, message.metadata) = arena.map(metadata, as: Flint__V1__DocumentInfo__MetadataEntry.self)
        message.bytes = bytes
        message.updated_at_ms = updatedAtMs
    }
}

extension ListDocumentsResponse: ProtobufBridged {
    init(reading message: Flint__V1__ListDocumentsResponse, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            documents: try reader.messages(message.n_documents, message.documents, "documents"),
            nextPageToken: try reader.string(message.next_page_token, "next_page_token"))
    }

    func write(to message: inout Flint__V1__ListDocumentsResponse, in arena: PackArena) {
        (message.n_documents, message.documents) = arena.messages(documents)
        message.next_page_token = arena.string(nextPageToken)
    }
}

extension SearchDocumentsRequest: ProtobufBridged {
    init(reading message: Flint__V1__SearchDocumentsRequest, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(collection: try reader.string(message.collection, "collection"), query: try reader.string(message.query, "query"), limit: message.limit)
    }

    func write(to message: inout Flint__V1__SearchDocumentsRequest, in arena: PackArena) {
        message.collection = arena.string(collection)
        message.query = arena.string(query)
        message.limit = limit
    }
}

extension SearchHit: ProtobufBridged {
    init(reading message: Flint__V1__SearchHit, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            collection: try reader.string(message.collection, "collection"), id: try reader.string(message.id, "id"),
            title: try reader.string(message.title, "title"), snippet: try reader.string(message.snippet, "snippet"), score: message.score,
            metadata: try reader.map(message.n_metadata, message.metadata, "metadata"))
    }

    func write(to message: inout Flint__V1__SearchHit, in arena: PackArena) {
        message.collection = arena.string(collection)
        message.id = arena.string(id)
        message.title = arena.string(title)
        message.snippet = arena.string(snippet)
        message.score = score
        (message.n_metadata, message.metadata) = arena.map(metadata, as: Flint__V1__SearchHit__MetadataEntry.self)
    }
}

extension SearchDocumentsResponse: ProtobufBridged {
    init(reading message: Flint__V1__SearchDocumentsResponse, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(hits: try reader.messages(message.n_hits, message.hits, "hits"))
    }

    func write(to message: inout Flint__V1__SearchDocumentsResponse, in arena: PackArena) {
        (message.n_hits, message.hits) = arena.messages(hits)
    }
}
