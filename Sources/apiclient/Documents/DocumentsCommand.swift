import ArgumentParser
import Foundation
import FlintAPI

/// `apiclient docs ...`: your partner's document collections, searched by the `search` tool.
struct DocumentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Store, list, delete and search your documents (needs the tools scope).",
        discussion: HelpText.discussion(
            """
            Documents live in named collections of your partner only: no other partner can
            see them, their names or their number. The model reaches them through the
            "search" server tool (apiclient complete --server-tool search). Queries use
            SQLite FTS5 syntax: words (all must match), "phrases", OR, NOT, prefix*, and
            title: or text: before a term.
            """,
            examples: [
                "apiclient docs put manuals/*.md --collection manuals",
                "apiclient docs search \"reset button\" --collection manuals",
                "apiclient docs list --collection manuals --json",
                "apiclient docs rm router --collection manuals",
            ]),
        subcommands: [PutDocumentsCommand.self, ListDocumentsCommand.self, DeleteDocumentCommand.self, SearchDocumentsCommand.self]
    )
}

/// `apiclient docs put FILE...`: one document per file.
struct PutDocumentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Store files as documents (one per file), replacing documents of the same id.",
        discussion: """
            The id is the file's name without its extension (or --id, for one file); the
            title is the file's first line, cut at 512 bytes (or --title). Progress goes to
            stderr, one line per file; --json prints one JSON array of what was stored.
            """
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Credential") var auth: AuthOptions

    @Argument(help: ArgumentHelp("UTF-8 text files.", valueName: "file"))
    var files: [String]

    @Option(help: "The collection: 1 to 64 characters of [a-z0-9_-].")
    var collection: String

    @Option(help: "The document id (with one file only). (default: the file name without its extension)")
    var id: String?

    @Option(help: "The title (with one file only). (default: the file's first line)")
    var title: String?

    @Option(name: .customLong("meta"), help: ArgumentHelp("A metadata entry, key=value; repeat for several.", valueName: "key=value"))
    var metadata: [String] = []

    @Flag(help: "Print one JSON array.")
    var json = false

    func validate() throws {
        if files.count > 1, id != nil || title != nil { throw ValidationError("--id and --title need exactly one file") }
        for entry in metadata where !entry.contains("=") { throw ValidationError("--meta takes key=value, not '\(entry)'") }
    }

    func run() async throws {
        let entries = Dictionary(metadata.map { entry in
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), String(parts[1]))
        }) { _, last in last }
        let documents = try files.map { path in try Self.document(at: path, collection: collection, id: id, title: title, metadata: entries) }
        struct Stored: Encodable {
            var collection: String
            var id: String
            var created: Bool
            var bytes: Int
        }
        var stored: [Stored] = []
        try await connection.withSession(auth) { session in
            for (index, document) in documents.enumerated() {
                let response = try await session.unary(Methods.Documents.put, document)
                let bytes = document.title.utf8.count + document.text.utf8.count
                stored.append(Stored(collection: document.collection, id: document.id, created: response.created, bytes: bytes))
                let verb = response.created ? "stored" : "replaced"
                FileHandle.standardError.write(
                    Data("[\(index + 1)/\(documents.count)] \(verb) \(document.collection)/\(document.id) (\(bytes) bytes; \(response.partnerBytes) of \(response.partnerBytesLimit) used)\n".utf8))
            }
        }
        if json { try JSONOutput.print(stored) }
    }

    static func document(at path: String, collection: String, id: String?, title: String?, metadata: [String: String]) throws -> PutDocumentRequest {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("\(path) is not UTF-8 text") }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let firstLine = text.split(separator: "\n", maxSplits: 1).first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? name
        return PutDocumentRequest(
            collection: collection, id: id ?? name, title: title ?? Self.prefix(firstLine, bytes: 512), text: text, metadata: metadata)
    }

    static func prefix(_ text: String, bytes: Int) -> String {
        var out = ""
        for character in text {
            guard out.utf8.count + character.utf8.count <= bytes else { break }
            out.append(character)
        }
        return out
    }
}

/// `apiclient docs list`.
struct ListDocumentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List your documents by collection and id (without their text).")

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Credential") var auth: AuthOptions

    @Option(help: "Only this collection. (default: every collection)")
    var collection: String = ""

    @Flag(help: "Print one JSON array.")
    var json = false

    func run() async throws {
        let documents = try await connection.withSession(auth) { session in
            var request = ListDocumentsRequest(collection: collection, pageSize: 500)
            var all: [DocumentInfo] = []
            var seen: Set<String> = []
            while true {
                let page = try await session.unary(Methods.Documents.list, request)
                all += page.documents
                guard !page.nextPageToken.isEmpty else { return all }
                guard seen.insert(page.nextPageToken).inserted else { throw CLIError("the server sent the same List page token twice") }
                request.pageToken = page.nextPageToken
            }
        }
        if json {
            struct Listed: Encodable {
                var collection: String
                var id: String
                var title: String
                var bytes: UInt64
                var updated: String
                var metadata: [String: String]
            }
            try JSONOutput.print(documents.map {
                Listed(collection: $0.collection, id: $0.id, title: $0.title, bytes: $0.bytes, updated: UTCTime.seconds($0.updatedAtMs), metadata: $0.metadata)
            })
        } else {
            var table = TextTable([.init("COLLECTION"), .init("ID"), .init("TITLE"), .init("BYTES", .right), .init("UPDATED")])
            for document in documents {
                table.append([document.collection, document.id, document.title, "\(document.bytes)", UTCTime.minutes(document.updatedAtMs)])
            }
            print(table.rendered(), terminator: "")
        }
    }
}

/// `apiclient docs rm ID`.
struct DeleteDocumentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete documents by id.")

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Credential") var auth: AuthOptions

    @Argument(help: ArgumentHelp("Document ids.", valueName: "id"))
    var ids: [String]

    @Option(help: "The collection.")
    var collection: String

    func run() async throws {
        try await connection.withSession(auth) { session in
            for id in ids {
                let response = try await session.unary(
                    Methods.Documents.delete, DeleteDocumentRequest(collection: collection, id: id))
                print(response.deleted ? "deleted \(collection)/\(id)" : "no document \(collection)/\(id)")
            }
        }
    }
}

/// `apiclient docs search QUERY`.
struct SearchDocumentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search your documents (FTS5 syntax); the best hits first, with snippets.")

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Credential") var auth: AuthOptions

    @Argument(help: "The query: words, \"phrases\", OR, NOT, prefix*, title: or text:.")
    var query: String

    @Option(help: "Only this collection. (default: every collection)")
    var collection: String = ""

    @Option(help: "Most hits, 1 to 50. (default: 10)")
    var limit: UInt32 = 10

    @Flag(help: "Print one JSON array.")
    var json = false

    func validate() throws {
        guard (1...50).contains(limit) else { throw ValidationError("--limit must be 1 to 50") }
    }

    func run() async throws {
        let response = try await connection.withSession(auth) { session in
            try await session.unary(
                Methods.Documents.search, SearchDocumentsRequest(collection: collection, query: query, limit: limit))
        }
        if json {
            struct Hit: Encodable {
                var collection: String
                var id: String
                var title: String
                var snippet: String
                var score: Double
                var metadata: [String: String]
            }
            try JSONOutput.print(response.hits.map {
                Hit(collection: $0.collection, id: $0.id, title: $0.title, snippet: $0.snippet, score: $0.score, metadata: $0.metadata)
            })
            return
        }
        if response.hits.isEmpty { print("no matches") }
        for (rank, hit) in response.hits.enumerated() {
            print("\(rank + 1). \(hit.collection)/\(hit.id)  \(hit.title)  (score \(String(format: "%.2f", hit.score)))")
            print("   \(hit.snippet.replacingOccurrences(of: "\n", with: " "))")
        }
    }
}
