import ArgumentParser

/// `apiclient agents ...`: agent runs (Agents service).
struct AgentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents",
        abstract: "Run a goal as a coordinator's plan and parallel sub-agents, under hard budgets.",
        subcommands: [AgentsRunCommand.self]
    )
}

