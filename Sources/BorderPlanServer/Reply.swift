import BorderPlanKit
import HTTPTypes
import Hummingbird
import NIOCore

/// What a resource answers before it becomes a Hummingbird `Response`.
struct Reply: Sendable {
    var status: HTTPResponse.Status = .ok
    var contentType: String
    var body: String
    var contentCRS = false
    var allow: String?
    /// The language of a problem's text, sent as `Content-Language`.
    var contentLanguage: Language?

    /// A problem's reply in `language` (negotiated from the request's `Accept-Language`).
    static func problem(_ problem: Problem, instance: String, language: Language) -> Reply {
        Reply(status: problem.status, contentType: ServedMediaType.problem, body: problem.body(instance: instance, Localizer(language)),
              allow: problem.status == .methodNotAllowed ? (problem.allow ?? "GET, HEAD") : nil, contentLanguage: language)
    }

    /// The response; HEAD gets the headers without the body.
    func response(head: Bool) -> Response {
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: "no-cache",
                                   HTTPField.Name("X-Content-Type-Options")!: "nosniff"]
        if contentCRS { headers[HTTPField.Name("Content-Crs")!] = "<\(crs84)>" }
        if let allow { headers[.allow] = allow }
        if let contentLanguage {
            headers[.contentLanguage] = contentLanguage.rawValue
            headers[.vary] = "Accept-Language"
        }
        let buffer = ByteBuffer(string: body)
        headers[.contentLength] = String(buffer.readableBytes)
        return Response(status: status, headers: headers, body: head ? .init() : .init(byteBuffer: buffer))
    }
}

/// The only CRS the server publishes (longitude, latitude on WGS84).
let crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
