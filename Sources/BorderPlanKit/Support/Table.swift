import Foundation

/// How a command prints its result.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, json, csv, markdown
}

/// A table of strings with typed columns, rendered as an aligned text table,
/// CSV (RFC 4180) or Markdown. JSON is each command's own contract shape.
///
/// Cells hold machine text ("1848602", "12.5"): CSV and JSON print them as they are, in every
/// language; the text and Markdown tables show the numbers of numeric columns (and of columns
/// that carry measures, "TN 274.6") as the reader's language writes them (`Localizer.displayNumber`).
public struct Table: Sendable {
    public struct Column: Sendable {
        public var title: String
        public var numeric: Bool
        /// A text column whose cells carry numbers ("TN 274.6", "12 → 15"): shown localised too.
        public var measures: Bool
        /// 0: always shown; 1, 2, …: hidden first (the highest first) when a text table must fit
        /// the terminal's 100 columns (`--wide` shows all).
        public var priority: Int
        /// The column's machine name (the generic JSON's field).
        public var key: String
        /// The CSS class of its cells in HTML ("kb-text": the knowledge base's own free text).
        public var htmlClass: String?

        public init(_ title: String, numeric: Bool = false, measures: Bool = false, priority: Int = 0) {
            self.title = title
            self.numeric = numeric
            self.measures = measures
            self.priority = priority
            self.key = title
        }

        /// A column titled by catalogue key `catalogueKey` in the reader's language; its machine
        /// name is the key's last part ("tables.area_km2" → "area_km2").
        public init(_ l: Localizer, _ catalogueKey: String, _ arguments: [String: String] = [:], numeric: Bool = false,
                    measures: Bool = false, priority: Int = 0) {
            self.init(l.text(catalogueKey, arguments), numeric: numeric, measures: measures, priority: priority)
            self.key = catalogueKey.split(separator: ".").last.map(String.init) ?? catalogueKey
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

    /// The table in `format`, for a reader of `l`'s language; a text table fits `TextLayout.maxWidth`
    /// columns unless `wide`.
    public func render(_ format: OutputFormat, _ l: Localizer = Localizer(.en), wide: Bool = false) -> String {
        switch format {
        case .table: return renderText(l, wide: wide)
        case .csv: return renderCSV()
        case .markdown: return renderMarkdown(l)
        case .json: return renderJSON()
        }
    }

    /// Display width on a terminal: combining marks and format characters (bidi isolates and
    /// marks, joiners) take no column.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { count, scalar in
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: return count
            default: return count + 1
            }
        }
    }

    /// A cell as a reader sees it: numbers of numeric and measure columns in the language's form.
    func display(_ cell: String, column: Int, _ l: Localizer) -> String {
        guard columns.indices.contains(column), columns[column].numeric || columns[column].measures else { return cell }
        return l.displayNumbers(in: cell)
    }

    /// Header, rows and footer as shown: controls escaped, numbers localised.
    func shownLines(_ l: Localizer) -> (header: [String], rows: [[String]], footer: [String]?) {
        func shown(_ cells: [String]) -> [String] {
            columns.indices.map { cells.indices.contains($0) ? display(escapingControls(cells[$0]), column: $0, l) : "" }
        }
        return (columns.map { escapingControls($0.title) }, rows.map(shown), footer.map(shown))
    }

    func renderText(_ l: Localizer, wide: Bool) -> String {
        let lines = shownLines(l)
        let layout = TextLayout(columns: columns, lines: [lines.header] + lines.rows + (lines.footer.map { [$0] } ?? []),
                                limit: wide ? nil : TextLayout.maxWidth)
        let rightToLeft = l.language == .ar
        let numeric = { (column: Int) in columns[column].numeric }
        var out: [String] = []
        if let title { out += layout.paragraph(escapingControls(title), rightToLeft: rightToLeft, wide: wide) }
        out += layout.lines(lines.header, rightToLeft: rightToLeft, numeric: numeric)
        out.append(layout.rule(rightToLeft: rightToLeft))
        for row in lines.rows { out += layout.lines(row, rightToLeft: rightToLeft, numeric: numeric) }
        if let footer = lines.footer {
            out.append(layout.rule(rightToLeft: rightToLeft))
            out += layout.lines(footer, rightToLeft: rightToLeft, numeric: numeric)
        }
        for note in notes { out += layout.paragraph(escapingControls(note), rightToLeft: rightToLeft, wide: wide) }
        if layout.hidden > 0 {
            out += layout.paragraph(l.text("tables.hiddenColumns", ["count": String(layout.hidden)]), rightToLeft: rightToLeft, wide: wide)
        }
        return out.joined(separator: "\n") + "\n"
    }

    func renderCSV() -> String {
        func cell(_ raw: String) -> String {
            let text = Self.neutralisingFormula(escapingControls(raw, keepLineBreaks: true))
            return text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        let lines = [columns.map(\.key)] + rows + (footer.map { [$0] } ?? [])
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

    func renderMarkdown(_ l: Localizer) -> String {
        func cell(_ text: String) -> String { escapingControls(text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")) }
        func shown(_ row: [String]) -> [String] { row.indices.map { display(row[$0], column: $0, l) } }
        var out: [String] = []
        if let title { out.append("### \(cell(title))"); out.append("") }
        out.append("| " + columns.map { cell($0.title) }.joined(separator: " | ") + " |")
        out.append("|" + columns.map { $0.numeric ? "---:" : "---" }.joined(separator: "|") + "|")
        for row in rows.map(shown) + (footer.map { [shown($0).map { $0.isEmpty ? "" : "**\($0)**" }] } ?? []) {
            out.append("| " + row.map(cell).joined(separator: " | ") + " |")
        }
        if !notes.isEmpty { out.append(""); out.append(contentsOf: notes.map { escapingControls($0) }) }
        return out.joined(separator: "\n") + "\n"
    }

    /// Generic JSON (array of objects keyed by the columns' machine names, in every language), used
    /// only where a command has no contract shape.
    func renderJSON() -> String {
        let objects = rows.map { row in
            JSONValue.object(columns.indices.map { JSONMember(columns[$0].key, .string(row.indices.contains($0) ? row[$0] : "")) })
        }
        return JSONValue.array(objects).prettySerialized() + "\n"
    }
}

extension Localizer {
    /// `text` with each space-separated word that is a machine number ("1848602", "+12.5",
    /// "(3.5", "274.6,") written as the language writes it; other words unchanged.
    public func displayNumbers(in text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { word in
            var core = word[...]
            var prefix = "", suffix = ""
            while let first = core.first, "(+".contains(first) { prefix.append(first); core = core.dropFirst() }
            while let last = core.last, ",;)".contains(last) { suffix = String(last) + suffix; core = core.dropLast() }
            guard !core.isEmpty else { return String(word) }
            return prefix + displayNumber(String(core)) + suffix
        }.joined(separator: " ")
    }
}
