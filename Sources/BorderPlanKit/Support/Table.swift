import Foundation

/// How a command prints its result.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, json, csv, markdown
}

/// A table of strings with typed columns, rendered as an aligned text table,
/// CSV (RFC 4180) or Markdown. JSON is each command's own contract shape.
public struct Table: Sendable {
    public struct Column: Sendable {
        public var title: String
        public var numeric: Bool
        public init(_ title: String, numeric: Bool = false) {
            self.title = title
            self.numeric = numeric
        }
    }

    public var title: String?
    public var columns: [Column]
    public var rows: [[String]]
    /// An optional last line (totals), separated by a rule in text output.
    public var footer: [String]?
    public var notes: [String]

    public init(title: String? = nil, columns: [Column], rows: [[String]] = [], footer: [String]? = nil, notes: [String] = []) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.footer = footer
        self.notes = notes
    }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .table: return renderText()
        case .csv: return renderCSV()
        case .markdown: return renderMarkdown()
        case .json: return renderJSON()
        }
    }

    /// Display width: combining marks take no column.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { count, scalar in
            scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark ? count : count + 1
        }
    }

    private func pad(_ text: String, to width: Int, right: Bool) -> String {
        let padding = String(repeating: " ", count: max(0, width - Self.width(text)))
        return right ? padding + text : text + padding
    }

    /// Cells as shown on a terminal: control characters from the data escaped (`escapingControls`).
    private var safeRows: [[String]] { rows.map { $0.map { escapingControls($0) } } }

    func renderText() -> String {
        let rows = safeRows
        let all = [columns.map(\.title)] + rows + (footer.map { [$0] } ?? [])
        let widths = columns.indices.map { column in all.map { Self.width($0.indices.contains(column) ? $0[column] : "") }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            columns.indices.map { pad(cells.indices.contains($0) ? cells[$0] : "", to: widths[$0], right: columns[$0].numeric) }
                .joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        var out: [String] = []
        if let title { out.append(escapingControls(title)) }
        out.append(line(columns.map(\.title)))
        out.append(rule)
        out.append(contentsOf: rows.map(line))
        if let footer { out.append(rule); out.append(line(footer)) }
        out.append(contentsOf: notes.map { escapingControls($0) })
        return out.joined(separator: "\n") + "\n"
    }

    func renderCSV() -> String {
        func cell(_ raw: String) -> String {
            let text = Self.neutralisingFormula(escapingControls(raw, keepLineBreaks: true))
            return text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        let lines = [columns.map(\.title)] + rows + (footer.map { [$0] } ?? [])
        return lines.map { $0.map(cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// A CSV cell that a spreadsheet would run as a formula (text starting with `=`, `+`, `-`, `@`,
    /// a tab or a carriage return) gets a leading `'`; numbers, negative ones included, stay numbers.
    static func neutralisingFormula(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        // A signed number as the tables write it ("-12.5", "-1,234", "-3 %"): digits, separators, no operator.
        let body = text.dropFirst()
        if body.first.map({ $0.isASCII && ($0.isNumber || $0 == ".") }) == true, body.allSatisfy({ "0123456789,. %".contains($0) }) { return text }
        return "'" + text
    }

    func renderMarkdown() -> String {
        func cell(_ text: String) -> String { escapingControls(text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")) }
        var out: [String] = []
        if let title { out.append("### \(cell(title))"); out.append("") }
        out.append("| " + columns.map { cell($0.title) }.joined(separator: " | ") + " |")
        out.append("|" + columns.map { $0.numeric ? "---:" : "---" }.joined(separator: "|") + "|")
        for row in rows + (footer.map { [$0.map { $0.isEmpty ? "" : "**\($0)**" }] } ?? []) {
            out.append("| " + row.map(cell).joined(separator: " | ") + " |")
        }
        if !notes.isEmpty { out.append(""); out.append(contentsOf: notes.map { escapingControls($0) }) }
        return out.joined(separator: "\n") + "\n"
    }

    /// Generic JSON (array of objects keyed by column title), used only where a command has no contract shape.
    func renderJSON() -> String {
        let objects = rows.map { row in
            JSONValue.object(columns.indices.map { JSONMember(columns[$0].title, .string(row.indices.contains($0) ? row[$0] : "")) })
        }
        return JSONValue.array(objects).prettySerialized() + "\n"
    }
}
