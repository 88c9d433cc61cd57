import Foundation

/// How a text table sits in a terminal: which columns are shown, how wide each is, and how a
/// row, a rule or a paragraph is drawn, left to right or (Arabic) mirrored.
///
/// Fitting (unless `--wide`): columns of priority > 0 are hidden, the highest priority first,
/// while the table at comfortable widths would exceed the limit; then the widest columns that
/// can give room wrap their cells (at spaces, a word longer than the column cut) until the
/// table fits. Numbers never wrap.
struct TextLayout {
    /// The default width of a text table: a 100-column terminal.
    static let maxWidth = 100
    /// The widest a text column is made before columns are hidden.
    static let comfortableTextWidth = 28
    /// The narrowest a wrapping text column gets.
    static let minimumTextWidth = 8
    static let separator = "  "

    /// The shown columns, in logical order, and their widths.
    let visible: [Int]
    let widths: [Int: Int]
    /// How many columns are hidden.
    let hidden: Int
    /// The table's full width (the paragraphs wrap to it, or to the limit).
    let limit: Int?

    init(columns: [Table.Column], lines: [[String]], limit: Int?) {
        let natural = columns.indices.map { column in lines.map { Table.width($0[column]) }.max() ?? 0 }
        let minimum = columns.indices.map { column -> Int in
            let longestWord = lines.flatMap { $0[column].split(separator: " ").map { Table.width(String($0)) } }.max() ?? 0
            if columns[column].numeric {
                let cells = lines.dropFirst().map { Table.width($0[column]) }.max() ?? 0
                return max(cells, min(longestWord, natural[column]))
            }
            return min(natural[column], max(Self.minimumTextWidth, min(longestWord, 24)))
        }
        var visible = Array(columns.indices)
        var widths = Dictionary(uniqueKeysWithValues: columns.indices.map { ($0, natural[$0]) })
        if let limit {
            func total(_ width: (Int) -> Int) -> Int { visible.map(width).reduce(0, +) + Self.separator.count * max(0, visible.count - 1) }
            func comfortable(_ column: Int) -> Int { columns[column].numeric ? minimum[column] : min(natural[column], max(minimum[column], Self.comfortableTextWidth)) }
            while total(comfortable) > limit,
                  let drop = visible.filter({ columns[$0].priority > 0 }).max(by: { (columns[$0].priority, $0) < (columns[$1].priority, $1) }) {
                visible.removeAll { $0 == drop }
            }
            while total({ widths[$0] ?? 0 }) > limit,
                  let widest = visible.filter({ (widths[$0] ?? 0) > minimum[$0] }).max(by: { (widths[$0] ?? 0, $0) < (widths[$1] ?? 0, $1) }) {
                widths[widest, default: 0] -= 1
            }
        }
        self.visible = visible
        self.widths = widths
        self.hidden = columns.count - visible.count
        self.limit = limit
    }

    /// The terminal lines of one row: each cell wrapped to its column, padded, the columns
    /// joined (mirrored and right-aligned in a right-to-left language, each left-to-right run
    /// isolated); trailing spaces trimmed.
    func lines(_ cells: [String], rightToLeft: Bool, numeric: (Int) -> Bool = { _ in false }) -> [String] {
        let wrapped = visible.map { Self.wrap(cells[$0], to: widths[$0] ?? 0) }
        let height = wrapped.map(\.count).max() ?? 1
        return (0..<height).map { index in
            var parts = zip(visible, wrapped).map { column, lines -> String in
                let text = index < lines.count ? lines[index] : ""
                let padding = String(repeating: " ", count: max(0, (widths[column] ?? 0) - Table.width(text)))
                if rightToLeft { return padding + Bidi.isolatingForTerminal(text) }
                return numeric(column) ? padding + text : text + padding
            }
            if rightToLeft { parts.reverse() }
            return Self.trimmingTrailingSpaces(parts.joined(separator: Self.separator))
        }
    }

    /// The rule under the header and above the footer.
    func rule(rightToLeft: Bool) -> String {
        visible.map { String(repeating: "─", count: widths[$0] ?? 0) }.joined(separator: Self.separator)
    }

    /// A title or note wrapped to the table's limit (unless wide), isolated in a right-to-left language.
    func paragraph(_ text: String, rightToLeft: Bool, wide: Bool) -> [String] {
        let lines = wide || limit == nil ? [text] : Self.wrap(text, to: limit ?? Self.maxWidth)
        return rightToLeft ? lines.map(Bidi.isolatingForTerminal) : lines
    }

    /// `text` cut into lines of at most `width` display columns, at spaces; a longer word is cut.
    static func wrap(_ text: String, to width: Int) -> [String] {
        guard width > 0, Table.width(text) > width else { return [text] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            var word = word
            while Table.width(word) > width {
                if !line.isEmpty { lines.append(line); line = "" }
                let (head, tail) = cut(word, at: width)
                guard !head.isEmpty else { break }
                lines.append(head)
                word = tail
            }
            if line.isEmpty { line = word } else if Table.width(line) + 1 + Table.width(word) <= width { line += " " + word } else {
                lines.append(line)
                line = word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.isEmpty ? [""] : lines
    }

    /// The first `width` display columns of `word`, and the rest.
    private static func cut(_ word: String, at width: Int) -> (String, String) {
        var head = ""
        var index = word.startIndex
        while index < word.endIndex, Table.width(head + String(word[index])) <= width {
            head.append(word[index])
            index = word.index(after: index)
        }
        return (head, String(word[index...]))
    }

    static func trimmingTrailingSpaces(_ text: String) -> String {
        var text = text
        while text.last == " " { text.removeLast() }
        return text
    }
}
