import Storage

/// The usage table and the SQL that reads and writes it.
enum UsageSchema {
    static let migrations = [
        Migration(
            "create usage",
            sql: """
                CREATE TABLE usage (
                    id INTEGER PRIMARY KEY,
                    finished_at_ms INTEGER NOT NULL,
                    key_id TEXT NOT NULL,
                    partner TEXT NOT NULL,
                    method TEXT NOT NULL,
                    model TEXT NOT NULL,
                    input_tokens INTEGER NOT NULL,
                    output_tokens INTEGER NOT NULL,
                    status_code INTEGER NOT NULL,
                    latency_ms INTEGER NOT NULL,
                    partial INTEGER NOT NULL
                );
                CREATE INDEX usage_partner_time ON usage (partner, finished_at_ms);
                """
        ),
        // Agent runs: the call's record (run_part '') counts the request; one record per
        // part of the run (plan, subtask, synthesis) holds that part's tokens.
        Migration(
            "agent runs",
            sql: """
                ALTER TABLE usage ADD COLUMN run_id TEXT NOT NULL DEFAULT '';
                ALTER TABLE usage ADD COLUMN run_part TEXT NOT NULL DEFAULT '';
                CREATE INDEX usage_run ON usage (run_id) WHERE run_id != '';
                """
        ),
    ]

    static func insert(_ records: [UsageRecord], into connection: SQLiteConnection) throws {
        let statement = try connection.prepare(
            "INSERT INTO usage (finished_at_ms, key_id, partner, method, model, input_tokens, output_tokens, status_code, latency_ms, partial, run_id, run_part) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        for record in records {
            try statement.bind([
                .integer(record.finishedAtMs), .text(record.keyID), .text(record.partner), .text(record.method), .text(record.model),
                .integer(Int64(clamping: record.inputTokens)), .integer(Int64(clamping: record.outputTokens)),
                .integer(Int64(record.statusCode)), .integer(record.latencyMs), .integer(record.partial ? 1 : 0),
                .text(record.runID), .text(record.runPart),
            ])
            _ = try statement.step()
            statement.reset()
        }
    }

    /// The SQL expression for each grouping. Fixed strings: no caller text reaches the SQL.
    private static func column(_ grouping: UsageQuery.Grouping) -> String {
        switch grouping {
        case .day: "(finished_at_ms / 86400000) * 86400000"
        case .model: "model"
        case .key: "key_id"
        case .partner: "partner"
        case .method: "method"
        case .run: "run_id"
        case .runPart: "run_part"
        }
    }

    static func totals(_ query: UsageQuery, nowMs: Int64, in connection: SQLiteConnection) throws -> [UsageTotals] {
        let groups = UsageQuery.Grouping.allCases.filter(query.groupBy.contains)
        let selected = UsageQuery.Grouping.allCases.map { groups.contains($0) ? column($0) : ($0 == .day ? "0" : "''") }
        var conditions = ["finished_at_ms >= ?", "finished_at_ms < ?"]
        var values: [SQLiteValue] = [.integer(query.sinceMs), .integer(query.untilMs == 0 ? nowMs + 1 : query.untilMs)]
        if !query.partner.isEmpty {
            conditions.append("partner = ?")
            values.append(.text(query.partner))
        }
        if !query.keyID.isEmpty {
            conditions.append("key_id = ?")
            values.append(.text(query.keyID))
        }
        let groupClause = groups.isEmpty ? "" : " GROUP BY " + groups.map(column).joined(separator: ", ")
        let sql = """
            SELECT \(selected.joined(separator: ", ")), COUNT(*), SUM(run_part = ''), SUM(run_part = '' AND status_code != 0),
                SUM(input_tokens), SUM(output_tokens)
            FROM usage WHERE \(conditions.joined(separator: " AND "))\(groupClause) ORDER BY 1, 2, 3, 4, 5, 6, 7
            """
        return try connection.query(sql, values).compactMap { row in
            var totals = UsageTotals()
            totals.dayStartMs = try row.get(0)
            totals.model = try row.get(1)
            totals.keyID = try row.get(2)
            totals.partner = try row.get(3)
            totals.method = try row.get(4)
            totals.runID = try row.get(5)
            totals.runPart = try row.get(6)
            // Records, not requests: a group of a run's parts counts no request of its own.
            guard try row.get(7, as: Int64.self) > 0 else { return nil }
            totals.requests = UInt64(try row.get(8, as: Int64.self))
            totals.failedRequests = UInt64(try row.get(9, as: Int64.self))
            totals.inputTokens = UInt64(try row.get(10, as: Int64.self))
            totals.outputTokens = UInt64(try row.get(11, as: Int64.self))
            return totals
        }
    }
}
