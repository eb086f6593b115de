import ArgumentParser
import Foundation
import FlintAPI

/// `apiclient tools`: the server tools.
struct ToolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools",
        abstract: "Server tools: what Flint can run for the model.",
        subcommands: [ListToolsCommand.self],
        defaultSubcommand: ListToolsCommand.self
    )
}

/// `apiclient tools list`: every server tool, with its limits and (with --schemas) its schema.
struct ListToolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the server tools a request may name with --server-tool.",
        discussion: HelpText.discussion(
            "Reads flint.v1.Inference/ListTools; needs the \"inference\" scope.",
            examples: ["apiclient tools list", "apiclient tools list --schemas", "apiclient tools list --json"])
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Credential") var auth: AuthOptions

    @Flag(help: "Also print each tool's JSON Schema.")
    var schemas = false

    @Flag(help: "Print one JSON array.")
    var json = false

    func run() async throws {
        let response = try await connection.withSession(auth) { session in
            try await session.unary(Methods.Inference.listTools, ListToolsRequest())
        }
        if json {
            let rows: [[String: Any]] = response.tools.map { tool in
                [
                    "name": tool.name, "description": tool.description, "runs_in": tool.runsIn, "timeout_ms": tool.timeoutMs,
                    "max_output_bytes": tool.maxOutputBytes,
                    "parameters": (try? JSONSerialization.jsonObject(with: Data(tool.parametersJSONSchema.utf8))) ?? tool.parametersJSONSchema,
                ]
            }
            let data = try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        var table = TextTable([.init("TOOL"), .init("RUNS IN"), .init("TIMEOUT", .right), .init("MAX OUTPUT", .right), .init("DESCRIPTION")])
        for tool in response.tools {
            let summary = tool.description.split(separator: "\n").first.map(String.init) ?? ""
            table.append([tool.name, tool.runsIn, "\(tool.timeoutMs) ms", "\(tool.maxOutputBytes) B", summary])
        }
        print(table.rendered(), terminator: "")
        guard schemas else { return }
        for tool in response.tools {
            print("\n\(tool.name): \(tool.parametersJSONSchema)")
        }
    }
}
