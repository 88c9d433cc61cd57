import BorderPlanKit

/// The HTML encoding of every resource: one small valid page, every text escaped.
enum HTMLPage {
    static func render(title: String, links: [Link], body: String) -> String {
        let linkItems = links.map { "<li><a href=\"\(HTML.escape($0.href))\">\(HTML.escape($0.title))</a> <small>(\(HTML.escape($0.rel)), \(HTML.escape($0.type)))</small></li>" }
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>\(HTML.escape(title)) — BorderPlan</title>
        <style>body{font-family:sans-serif;margin:1.5em;max-width:80em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}</style></head>
        <body>
        <h1>\(HTML.escape(title))</h1>
        \(body)
        <h2>Links</h2>
        <ul>\(linkItems.joined(separator: "\n"))</ul>
        </body>
        </html>

        """
    }

    static func paragraph(_ text: String) -> String { "<p>" + HTML.escape(text) + "</p>" }

    /// A table of text cells (escaped), with an optional link on the first cell of each row.
    static func table(header: [String], rows: [(href: String?, cells: [String])]) -> String {
        let head = "<tr>" + header.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr>"
        let body = rows.map { row in
            "<tr>" + row.cells.enumerated().map { index, cell in
                if index == 0, let href = row.href { return "<td><a href=\"\(HTML.escape(href))\">\(HTML.escape(cell))</a></td>" }
                return "<td>\(HTML.escape(cell))</td>"
            }.joined() + "</tr>"
        }
        return "<table>\n" + head + "\n" + body.joined(separator: "\n") + "\n</table>"
    }

    /// A property value as a table cell shows it.
    static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case let .string(text): return text
        default: return value.serialized()
        }
    }
}
