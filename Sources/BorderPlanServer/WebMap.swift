import BorderPlanKit
import Foundation

/// The web map (`/map`) and the files it loads (`/assets/…`): the page and its scripts are part of
/// the binary, its texts come from the message catalogue; Leaflet is Debian's `libjs-leaflet`, read once at start-up and
/// served by BorderPlan itself (never a CDN). Without it, `/map` is a 503 naming the package.
public struct WebMap: Sendable {
    public static let debianLeafletDirectory = URL(fileURLWithPath: "/usr/share/javascript/leaflet")
    public static let leafletPackage = "libjs-leaflet"

    /// leaflet.js and leaflet.css, nil when the package is not installed.
    let leaflet: (script: String, style: String)?

    /// Reads Leaflet from `directory`; a missing file leaves the map unavailable (not an error:
    /// the OGC API works without it, and `/map` says what to install).
    public init(leafletDirectory: URL = WebMap.debianLeafletDirectory) {
        let script = try? String(contentsOf: leafletDirectory.appendingPathComponent("leaflet.js"), encoding: .utf8)  // absent: package missing
        let style = try? String(contentsOf: leafletDirectory.appendingPathComponent("leaflet.css"), encoding: .utf8)  // absent: package missing
        leaflet = script.flatMap { script in style.map { (script, $0) } }
    }

    public var isAvailable: Bool { leaflet != nil }

    /// `/map` or one of its assets; nil for any other path.
    func reply(_ segments: [String]) throws -> Reply? {
        switch segments {
        case ["map"]: return Reply(contentType: ServedMediaType.html, body: try available(WebMapFiles.page))
        case ["assets", "leaflet", "leaflet.js"]: return Reply(contentType: ServedMediaType.javascript, body: try available(leaflet?.script))
        case ["assets", "leaflet", "leaflet.css"]: return Reply(contentType: ServedMediaType.css, body: try available(leaflet?.style))
        case ["assets", "map.js"]: return Reply(contentType: ServedMediaType.javascript, body: WebMapScript.text)
        case ["assets", "edit.js"]: return Reply(contentType: ServedMediaType.javascript, body: WebMapEditScript.text)
        case ["assets", "map.css"]: return Reply(contentType: ServedMediaType.css, body: WebMapFiles.style)
        case ["assets", "messages.json"]: return Reply(contentType: ServedMediaType.json, body: Self.messagesJSON)
        default: return nil
        }
    }

    /// The catalogue families the map shows: its own texts (`webmap.json`) and the names of the closed sets.
    static let messageFamilies = ["webmap.", "status.", "traffic.", "regime.", "partner.", "phase.", "service.", "unit.", "kbtexts."]

    /// `/assets/messages.json`: `{"ar": {key: text}, "fr": …, "en": …}`, each text as that language's
    /// `Localizer` gives it (French spacing included); keys in order, so the file is byte-stable.
    static let messagesJSON: String = {
        let keys = (Catalogue.shared.texts[.en] ?? [:]).keys.filter { key in messageFamilies.contains { key.hasPrefix($0) } }.sorted()
        let languages = Language.allCases.map { language in
            let l = Localizer(language)
            return JSONMember(language.rawValue, .object(keys.map { JSONMember($0, .string(l.text($0))) }))
        }
        return JSONValue.object(languages).serialized() + "\n"
    }()

    private func available(_ text: String?) throws -> String {
        guard isAvailable, let text else {
            throw Problem(.serviceUnavailable, ServerText("server.title.mapUnavailable"),
                          detail: ServerText("server.webmap.leaflet", ["package": Self.leafletPackage, "command": "make deps"]))
        }
        return text
    }
}
