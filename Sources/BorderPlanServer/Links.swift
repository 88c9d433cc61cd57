import BorderPlanKit
import Foundation

/// One OGC API link (`href` absolute, against the request's base URL).
struct Link: Sendable {
    let href: String
    let rel: String
    let type: String
    let title: String

    var json: JSONValue { .object(["href": .string(href), "rel": .string(rel), "type": .string(type), "title": .string(title)]) }
}

/// Builds absolute links for one request: the base URL, then a path and a query.
struct LinkBuilder: Sendable {
    let base: String

    /// `base` from the request's `Host` header when it is a plain host[:port], else the bind address
    /// (a header with other characters could inject markup or another site into links).
    init(host: String?, fallback: String) {
        if let host, !host.isEmpty, host.count <= 255,
           host.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII || ".-:[]".unicodeScalars.contains($0) }) {
            base = "http://" + host
        } else {
            base = fallback
        }
    }

    /// `path` (already encoded) with `query` pairs percent-encoded.
    func url(_ path: String, _ query: [(String, String)] = []) -> String {
        guard !query.isEmpty else { return base + path }
        return base + path + "?" + query.map { encodeQuery($0.0) + "=" + encodeQuery($0.1) }.joined(separator: "&")
    }

    /// The self link and its alternate in the other encoding.
    func selfAndAlternate(_ path: String, _ query: [(String, String)] = [], encoding: Encoding, jsonType: String, title: String) -> [Link] {
        let json = Link(href: url(path, query + [("f", "json")]), rel: encoding == .json ? "self" : "alternate", type: jsonType, title: "\(title) as JSON")
        let html = Link(href: url(path, query + [("f", "html")]), rel: encoding == .html ? "self" : "alternate", type: ServedMediaType.html, title: "\(title) as HTML")
        return encoding == .json ? [json, html] : [html, json]
    }
}

/// Percent-encodes a path segment (collection or feature id).
func encodePathSegment(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .unreservedURL) ?? text
}

/// Percent-encodes a query name or value.
func encodeQuery(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .unreservedURL.union(CharacterSet(charactersIn: ","))) ?? text
}

extension CharacterSet {
    /// RFC 3986 unreserved characters.
    static let unreservedURL = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
