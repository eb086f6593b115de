import Foundation

/// Checks what a partner sends against ``DocumentLimits``, naming the field.
struct DocumentValidation {
    let limits: DocumentLimits

    func collection(_ name: String, field: String = "collection") throws(DocumentError) {
        guard (1...limits.maxCollectionNameLength).contains(name.utf8.count),
            name.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F || $0 == 0x2D })
        else {
            throw .invalid(field: field, "a collection name is 1 to \(limits.maxCollectionNameLength) characters of [a-z0-9_-]")
        }
    }

    func document(_ document: Document) throws(DocumentError) {
        try collection(document.collection)
        try id(document.id)
        guard document.title.utf8.count <= limits.maxTitleBytes else {
            throw .invalid(field: "title", "a title is at most \(limits.maxTitleBytes) bytes")
        }
        guard !document.text.isEmpty else { throw .invalid(field: "text", "the text must not be empty") }
        guard document.text.utf8.count <= limits.maxTextBytes else {
            throw .invalid(field: "text", "a document's text is at most \(limits.maxTextBytes) bytes, not \(document.text.utf8.count)")
        }
        guard !document.text.utf8.contains(0), !document.title.utf8.contains(0) else {
            throw .invalid(field: document.text.utf8.contains(0) ? "text" : "title", "NUL characters are not accepted")
        }
        guard document.metadata.count <= limits.maxMetadataEntries else {
            throw .invalid(field: "metadata", "at most \(limits.maxMetadataEntries) metadata entries")
        }
        for (key, value) in document.metadata where key.isEmpty || key.utf8.count + value.utf8.count > limits.maxMetadataEntryBytes {
            throw .invalid(field: "metadata", "a metadata key is not empty, and key and value are at most \(limits.maxMetadataEntryBytes) bytes together")
        }
    }

    func id(_ id: String) throws(DocumentError) {
        guard (1...limits.maxIDBytes).contains(id.utf8.count), !id.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw .invalid(field: "id", "a document id is 1 to \(limits.maxIDBytes) bytes without control characters")
        }
    }

    func query(_ query: String) throws(DocumentError) {
        guard !query.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalid(field: "query", "the query must not be empty") }
        guard query.utf8.count <= limits.maxQueryBytes, !query.utf8.contains(0) else {
            throw .invalid(field: "query", "a query is at most \(limits.maxQueryBytes) bytes, without NUL")
        }
    }
}
