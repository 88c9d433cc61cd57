import Foundation

/// A typed HTML tree. Text and attribute values are escaped when the tree is rendered, so
/// whatever quotes, `&`, `<` or Arabic they hold they can never become markup: escaping
/// is by construction, not by the care of each caller.
public indirect enum HTMLNode {
    /// `<tag attr="value">children</tag>`.
    case element(String, [(name: String, value: String)], [HTMLNode])
    /// `<tag attr="value">`: an element without content or end tag (`meta`).
    case void(String, [(name: String, value: String)])
    /// Plain text, escaped.
    case text(String)
    /// Markup BorderPlan built itself with its own escaping builders (the maps' SVG, the
    /// report's constant style sheet); never user text.
    case trusted(String)
    /// Nodes one after the other.
    case fragment([HTMLNode])

    /// An element; `attributes` in the order given.
    public static func el(_ tag: String, _ attributes: KeyValuePairs<String, String> = [:], _ children: [HTMLNode] = []) -> HTMLNode {
        .element(tag, attributes.map { (name: $0.key, value: $0.value) }, children)
    }

    /// An element whose only content is `text`.
    public static func el(_ tag: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) -> HTMLNode {
        el(tag, attributes, [.text(text)])
    }

    /// The markup of the tree. With `isolatingLeftToRight` (an Arabic page), every left-to-right
    /// run of text — ids, numbers with units, Latin names, dates — goes into a `<bdi>` so that it
    /// never reorders its right-to-left neighbours (see `Bidi`); text already in a `<bdi>` or an
    /// element with a `dir`, and elements that cannot hold markup, are left as they are.
    public func render(isolatingLeftToRight: Bool = false) -> String {
        var out = ""
        render(into: &out, isolating: isolatingLeftToRight)
        return out
    }

    func render(into out: inout String, isolating: Bool = false) {
        switch self {
        case let .element(tag, attributes, children):
            out += "<\(tag)" + Self.attributes(attributes) + ">"
            // A `<bdi>` holding a right-to-left sentence (an Arabic argument) still isolates the runs inside it.
            let isolatesChildren = isolating && (!Self.keepsDirection(tag, attributes) || (tag == "bdi" && children.contains(where: \.hasRightToLeftText)))
            for child in children { child.render(into: &out, isolating: isolatesChildren) }
            out += "</\(tag)>"
        case let .void(tag, attributes):
            out += "<\(tag)" + Self.attributes(attributes) + ">"
        case let .text(text):
            out += isolating ? Self.isolatedMarkup(text) : HTML.escape(text)
        case let .trusted(markup):
            out += markup
        case let .fragment(nodes):
            for node in nodes { node.render(into: &out, isolating: isolating) }
        }
    }

    /// Whether the node's text holds a right-to-left letter.
    var hasRightToLeftText: Bool {
        switch self {
        case let .element(_, _, children): return children.contains(where: \.hasRightToLeftText)
        case let .fragment(nodes): return nodes.contains(where: \.hasRightToLeftText)
        case let .text(text): return text.contains(where: Bidi.isRightToLeft)
        case .void, .trusted: return false
        }
    }

    /// The node with the content of each `<bdi>` in a `<code>` (command lines in a sentence: they
    /// keep their own font and never break at a hyphen).
    func codeArguments() -> HTMLNode {
        switch self {
        case let .element("bdi", attributes, children): return .element("bdi", attributes, [.element("code", [], children)])
        case let .element(tag, attributes, children): return .element(tag, attributes, children.map { $0.codeArguments() })
        case let .fragment(nodes): return .fragment(nodes.map { $0.codeArguments() })
        case .void, .text, .trusted: return self
        }
    }

    /// Elements whose text is already isolated (`bdi`, `dir="ltr"` or `dir="auto"`) or cannot hold
    /// a `<bdi>`. A `dir="rtl"` (the Arabic page's `<html>`) isolates nothing inside it.
    static func keepsDirection(_ tag: String, _ attributes: [(name: String, value: String)]) -> Bool {
        ["bdi", "title", "style", "script", "option", "textarea"].contains(tag) || attributes.contains { $0.name == "dir" && $0.value != "rtl" }
    }

    /// `text` escaped, each left-to-right run in a `<bdi>`.
    static func isolatedMarkup(_ text: String) -> String {
        var out = ""
        var position = text.startIndex
        for run in Bidi.leftToRightRuns(in: text) {
            out += HTML.escape(String(text[position..<run.lowerBound]))
            out += "<bdi>" + HTML.escape(String(text[run])) + "</bdi>"
            position = run.upperBound
        }
        return out + HTML.escape(String(text[position...]))
    }

    static func attributes(_ attributes: [(name: String, value: String)]) -> String {
        attributes.map { " \($0.name)=\"\(HTML.escape($0.value))\"" }.joined()
    }
}

extension Array where Element == HTMLNode {
    /// The nodes with `separator` between each two.
    func joined(separator: HTMLNode) -> [HTMLNode] {
        enumerated().flatMap { index, node in index == 0 ? [node] : [separator, node] }
    }
}

/// HTML escaping, shared with the maps' XML.
public enum HTML {
    /// Escapes text for HTML content and attribute values (the XML escaper the maps use).
    public static func escape(_ text: String) -> String { XMLEscaping.escape(text) }
}

extension Table {
    /// The table as an HTML `<table>`; every cell escaped; numeric columns aligned at the end of
    /// the line and their machine numbers ("1848602", "12.5") written as `localizer`'s language
    /// writes them (`Localizer.displayNumber`), so one table feeds CSV and the report alike.
    public func htmlNode(caption: String? = nil, localizer: Localizer = Localizer(.en)) -> HTMLNode {
        func cell(_ tag: String, _ values: [String], _ index: Int, display: Bool) -> HTMLNode {
            let value = values.indices.contains(index) ? values[index] : ""
            let numeric = columns[index].numeric
            let classes = [numeric ? "num" : nil, columns[index].htmlClass].compactMap { $0 }
            var attributes: [(name: String, value: String)] = classes.isEmpty ? [] : [("class", classes.joined(separator: " "))]
            if localizer.language == .ar && Self.isLeftToRightProse(value) { attributes.append(("dir", "ltr")) }
            return .element(tag, attributes, [.text(numeric && display ? localizer.displayNumber(value) : value)])
        }
        var table: [HTMLNode] = []
        if let caption = caption ?? title { table.append(.el("caption", text: caption)) }
        table.append(.el("thead", [:], [.el("tr", [:], columns.indices.map { cell("th", columns.map(\.title), $0, display: false) })]))
        table.append(.el("tbody", [:], rows.map { row in .el("tr", [:], columns.indices.map { cell("td", row, $0, display: true) }) }))
        if let footer {
            table.append(.el("tfoot", [:], [.el("tr", [:], columns.indices.map { cell("td", footer, $0, display: true) })]))
        }
        return .fragment([.el("table", [:], table)] + notes.map { .el("p", ["class": "note"], text: $0) })
    }

    /// Whether a cell is a left-to-right sentence (a note of the knowledge base that exists only
    /// in English, a list of ids): Latin letters, spaces and no right-to-left letter. On an Arabic
    /// page such a cell is laid out left to right as a whole, so its punctuation stays in place.
    static func isLeftToRightProse(_ text: String) -> Bool {
        text.contains(" ") && text.contains { $0.isLetter && Bidi.isLeftToRight($0) } && !text.contains(where: Bidi.isRightToLeft)
    }
}

/// The CSS classes that mark what the report shows as the data has it, untranslated by the catalogue.
public enum ReportClass {
    /// The knowledge base's free text (a status note, a history note), in the data's own words.
    public static let knowledgeText = "kb-text"
    /// A source's title and date, cited as published.
    public static let source = "source"
}
