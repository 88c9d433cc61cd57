import Foundation

/// Minimal HTML building with escaping everywhere: text and attribute values can
/// never break the markup, whatever quotes, `&`, `<` or Arabic they hold.
public enum HTML {
    /// Escapes text for HTML content and attribute values (the XML escaper the maps use).
    public static func escape(_ text: String) -> String { XMLEscaping.escape(text) }

    /// `<tag attr="value">content</tag>` with escaped attribute values; `content` is already markup.
    public static func element(_ tag: String, _ attributes: KeyValuePairs<String, String> = [:], _ content: String = "") -> String {
        let attrs = attributes.map { " \($0.key)=\"\(escape($0.value))\"" }.joined()
        return "<\(tag)\(attrs)>\(content)</\(tag)>"
    }

    /// An element whose content is plain text.
    public static func text(_ tag: String, _ text: String, _ attributes: KeyValuePairs<String, String> = [:]) -> String {
        element(tag, attributes, escape(text))
    }
}

extension Table {
    /// The table as an HTML `<table>`; every cell escaped; numeric columns right-aligned.
    public func html(caption: String? = nil) -> String {
        var out = "<table>"
        if let caption = caption ?? title { out += HTML.text("caption", caption) }
        out += "<thead><tr>" + columns.map { HTML.text("th", $0.title, $0.numeric ? ["class": "num"] : [:]) }.joined() + "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>" + columns.indices.map { index in
                HTML.text("td", row.indices.contains(index) ? row[index] : "", columns[index].numeric ? ["class": "num"] : [:])
            }.joined() + "</tr>"
        }
        out += "</tbody>"
        if let footer {
            out += "<tfoot><tr>" + columns.indices.map { index in
                HTML.text("td", footer.indices.contains(index) ? footer[index] : "", columns[index].numeric ? ["class": "num"] : [:])
            }.joined() + "</tr></tfoot>"
        }
        out += "</table>"
        if !notes.isEmpty { out += notes.map { HTML.text("p", $0, ["class": "note"]) }.joined() }
        return out
    }
}
