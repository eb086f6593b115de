/// A plain-text table: a header line, then rows, columns two spaces apart; numbers
/// aligned right. Lines carry no trailing spaces.
struct TextTable {
    enum Alignment {
        case left
        case right
    }

    struct Column {
        var title: String
        var alignment: Alignment

        init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    var columns: [Column]
    var rows: [[String]] = []

    init(_ columns: [Column]) {
        self.columns = columns
    }

    mutating func append(_ row: [String]) {
        precondition(row.count == columns.count, "a row needs one cell per column")
        rows.append(row)
    }

    /// The table's lines, each ending in a newline.
    func rendered() -> String {
        let lines = [columns.map(\.title)] + rows
        let widths = columns.indices.map { index in lines.map { $0[index].count }.max() ?? 0 }
        return lines.map { line(of: $0, widths: widths) + "\n" }.joined()
    }

    private func line(of cells: [String], widths: [Int]) -> String {
        let padded = cells.indices.map { index in
            let gap = String(repeating: " ", count: widths[index] - cells[index].count)
            return columns[index].alignment == .left ? cells[index] + gap : gap + cells[index]
        }
        var text = padded.joined(separator: "  ")
        while text.last == " " { text.removeLast() }
        return text
    }
}

/// Labelled values, one a line, the values lined up: `id:       a1B2c3`.
enum FieldList {
    static func rendered(_ fields: [(label: String, value: String)]) -> String {
        let width = (fields.map { $0.label.count }.max() ?? 0) + 3
        return fields.map { field in
            let label = field.label + ":"
            return label + String(repeating: " ", count: width - label.count) + field.value + "\n"
        }.joined()
    }
}
