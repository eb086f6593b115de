import FlintAPI

/// `usage` output: a column per grouping, then the counts; a TOTAL line closes the table.
struct UsageReport {
    var groupBy: [UsageGroupBy]
    var rows: [UsageRow]

    private static let countTitles = ["REQUESTS", "FAILED", "INPUT TOKENS", "OUTPUT TOKENS"]

    func table() -> TextTable {
        if groupBy.last == .runPart, groupBy.contains(.run) { return runTree() }
        let groupTitles = groupBy.isEmpty ? [""] : groupBy.map { GroupByName.name($0).uppercased() }
        var table = TextTable(groupTitles.map { TextTable.Column($0) } + Self.countTitles.map { TextTable.Column($0, .right) })
        if !groupBy.isEmpty {
            for row in rows { table.append(groupBy.map { Self.cell(row, $0) } + Self.counts(row)) }
        }
        let padding = Array(repeating: "", count: max(0, groupTitles.count - 1))
        table.append(["TOTAL"] + padding + Self.counts(total))
        return table
    }

    /// Grouped by run and part: each run's total line (part `(total)`), then a line per part
    /// ("plan", a subtask, "synthesis") under it; calls that are not runs on one line.
    private func runTree() -> TextTable {
        let groups = Array(groupBy.dropLast())
        var table = TextTable(
            groups.map { TextTable.Column(GroupByName.name($0).uppercased()) } + [TextTable.Column("PART")]
                + Self.countTitles.map { TextTable.Column($0, .right) })
        var order: [[String]] = []
        var runs: [[String]: [UsageRow]] = [:]
        for row in rows {
            let key = groups.map { Self.cell(row, $0) }
            if runs[key] == nil { order.append(key) }
            runs[key, default: []].append(row)
        }
        for key in order {
            let parts = runs[key] ?? []
            let isRun = parts.contains { !$0.runID.isEmpty }
            table.append(key + [isRun ? "(total)" : "-"] + Self.counts(Self.sum(parts)))
            guard isRun else { continue }
            for part in parts where !part.runPart.isEmpty {
                table.append(groups.map { _ in "" } + ["  " + part.runPart] + Self.counts(part))
            }
        }
        table.append(["TOTAL"] + groups.map { _ in "" } + Self.counts(total))
        return table
    }

    /// Every row summed.
    var total: UsageRow { Self.sum(rows) }

    static func sum(_ rows: [UsageRow]) -> UsageRow {
        rows.reduce(into: UsageRow()) { sum, row in
            sum.requests += row.requests
            sum.failedRequests += row.failedRequests
            sum.inputTokens += row.inputTokens
            sum.outputTokens += row.outputTokens
        }
    }

    /// The rows as `--json` prints them: grouping fields first, then the counts.
    var json: [UsageRowJSON] {
        rows.map { UsageRowJSON(row: $0, groupBy: groupBy) }
    }

    private static func counts(_ row: UsageRow) -> [String] {
        [row.requests, row.failedRequests, row.inputTokens, row.outputTokens].map(String.init)
    }

    static func cell(_ row: UsageRow, _ group: UsageGroupBy) -> String {
        let text =
            switch group {
            case .day: UTCTime.day(row.dayStartMs)
            case .model: row.model
            case .key: row.keyID
            case .partner: row.partner
            case .method: row.method
            case .run: row.runID
            case .runPart: row.runPart
            default: ""
            }
        return text.isEmpty ? "-" : text
    }
}

/// One usage row in JSON: `day` (`2026-11-01`), `model`, `key_id`, `partner`, `method` as
/// grouped by, then `requests`, `failed_requests`, `input_tokens`, `output_tokens`.
struct UsageRowJSON: Encodable {
    var row: UsageRow
    var groupBy: [UsageGroupBy]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        for group in groupBy {
            switch group {
            case .day: try container.encode(UTCTime.day(row.dayStartMs), forKey: JSONKey("day"))
            case .model: try container.encode(row.model, forKey: JSONKey("model"))
            case .key: try container.encode(row.keyID, forKey: JSONKey("key_id"))
            case .partner: try container.encode(row.partner, forKey: JSONKey("partner"))
            case .method: try container.encode(row.method, forKey: JSONKey("method"))
            case .run: try container.encode(row.runID, forKey: JSONKey("run_id"))
            case .runPart: try container.encode(row.runPart, forKey: JSONKey("run_part"))
            default: continue
            }
        }
        try container.encode(row.requests, forKey: JSONKey("requests"))
        try container.encode(row.failedRequests, forKey: JSONKey("failed_requests"))
        try container.encode(row.inputTokens, forKey: JSONKey("input_tokens"))
        try container.encode(row.outputTokens, forKey: JSONKey("output_tokens"))
    }
}
