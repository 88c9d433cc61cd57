import BorderPlanKit
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The knowledge-base API of `borderplan serve --db`: `GET /kb/{crossings|projects|committees}/{id}`
/// (open), `PATCH` of a record (RFC 6902 patch) and `POST /kb/{kind}` of a new one (editor
/// bearer token). Writes go through `KnowledgeEditor` (the rules of `validate`) and optimistic
/// concurrency (`If-Match` with the record's `ETag`); a refused request journals nothing.
public actor KBService {
    let store: KnowledgeStore
    let editor: KnowledgeEditor
    /// The largest request body accepted.
    static let maxBodyBytes = 1 << 20

    public init(store: KnowledgeStore, geodata: Geodata, asOf: PartialDate) throws {
        self.store = store
        editor = try KnowledgeEditor(store: store, geodata: geodata, asOf: asOf)
    }

    /// Answers a request under /kb; every failure is an RFC 9457 problem.
    public func respond(to request: Request) async -> KBReply {
        do {
            let segments = request.uri.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
            guard segments.first == "kb", (2...3).contains(segments.count), let kind = RecordKind(plural: segments[1]) else {
                throw KBProblem(.notFound, "Not found", "no knowledge-base resource at this path: /kb/{crossings|projects|committees}/{id}")
            }
            let id = segments.count == 3 ? segments[2] : nil
            switch (request.method, id) {
            case (.get, let id?), (.head, let id?): return try read(kind, id)
            case (.patch, let id?): return try await patch(kind, id, request)
            case (.post, nil): return try await create(kind, request)
            case (_, nil): throw KBProblem(.methodNotAllowed, "Method not allowed", "POST a new record to /kb/\(kind.plural); read or PATCH one at /kb/\(kind.plural)/{id}", allow: "POST")
            default: throw KBProblem(.methodNotAllowed, "Method not allowed", "\(request.method.rawValue) is not supported here", allow: "GET, HEAD, PATCH")
            }
        } catch let problem as KBProblem {
            return problem.reply(instance: request.uri.path)
        } catch {
            FileHandle.standardError.write(Data("borderplan serve: internal error on \(request.method.rawValue) \(request.uri.path): \(error)\n".utf8))
            return KBProblem(.internalServerError, "Internal error", "the server could not answer this request").reply(instance: request.uri.path)
        }
    }

    func read(_ kind: RecordKind, _ id: String) throws -> KBReply {
        let record = try existing(kind, id)
        return KBReply(status: .ok, body: record.body.pretty() + "\n", headers: [.eTag: record.etag])
    }

    func existing(_ kind: RecordKind, _ id: String) throws -> StoredRecord {
        guard let record = try store.record(kind, id: id) else { throw KBProblem(.notFound, "Not found", "no \(kind.rawValue) '\(id)'") }
        return record
    }

    func patch(_ kind: RecordKind, _ id: String, _ request: Request) async throws -> KBReply {
        let holder = try authorize(request)
        let record = try existing(kind, id)
        guard let ifMatch = request.headers[.ifMatch] else {
            throw KBProblem(.preconditionRequired, "Precondition required", "send If-Match with the record's ETag (\(record.etag) now) to change it")
        }
        guard ifMatch == record.etag else { throw stale(kind, id, record) }
        let body = try await Self.body(request)
        guard let patchJSON = body["patch"] else { throw KBProblem(.badRequest, "Invalid body", "expected {\"patch\": [RFC 6902 operations], \"source\": {\"title\", \"date\", \"url\"}, \"note\"}") }
        let patch: JSONPatch
        do { patch = try JSONPatch(json: patchJSON, where: "patch") } catch let error as DataError { throw KBProblem(.badRequest, "Invalid patch", error.description) }
        return try edit(kind, id, version: record.version, holder: holder, body: body, status: .ok) { current in
            do { return try patch.apply(to: current ?? .null) } catch let error as JSONPatch.PatchError {
                throw KBProblem(.conflict, "Patch does not apply", error.message)
            }
        }
    }

    func create(_ kind: RecordKind, _ request: Request) async throws -> KBReply {
        let holder = try authorize(request)
        let body = try await Self.body(request)
        guard let record = body["record"], let id = kind.id(of: record), !id.isEmpty else {
            throw KBProblem(.badRequest, "Invalid body", "expected {\"record\": {… the \(kind.rawValue) as its file writes it, with its id …}, \"source\": {…}, \"note\"}")
        }
        guard try store.record(kind, id: id) == nil else { throw KBProblem(.conflict, "Conflict", "\(kind.rawValue) '\(id)' exists; PATCH /kb/\(kind.plural)/\(id) changes it") }
        var reply = try edit(kind, id, version: nil, holder: holder, body: body, status: .created) { _ in record }
        reply.headers[.location] = "/kb/\(kind.plural)/\(id)"
        return reply
    }

    /// Runs the edit; maps a refusal (422), a stale version (412) and a bad source (400).
    func edit(_ kind: RecordKind, _ id: String, version: Int?, holder: TokenHolder, body: StoredJSON, status: HTTPResponse.Status,
              change: (StoredJSON?) throws -> StoredJSON?) throws -> KBReply {
        let source: EditSource
        do {
            guard let title = body["source"]?["title"]?.stringValue else { throw DataError(file: "request", field: "source.title", "every edit needs a source title") }
            source = try EditSource(title: title, date: body["source"]?["date"]?.stringValue, url: body["source"]?["url"]?.stringValue)
        } catch let error as DataError { throw KBProblem(.badRequest, "Invalid source", error.description) }
        do {
            let outcome = try editor.edit(kind, id: id, baseVersion: version, author: holder.name, source: source, note: body["note"]?.stringValue, change: change)
            guard let record = try store.record(kind, id: id) else { throw KBProblem(.notFound, "Not found", "no \(kind.rawValue) '\(id)'") }
            var members: [(key: String, value: StoredJSON)] = [("edit", .number(String(outcome.entry.edit))), ("version", .number(String(record.version)))]
            members.append(("findings", .array(outcome.entry.findings.map(StoredJSON.string))))
            members.append(("record", record.body))
            return KBReply(status: status, body: StoredJSON.object(members).pretty() + "\n", headers: [.eTag: record.etag])
        } catch let refused as EditRefused {
            throw KBProblem(.unprocessableContent, "Edit refused", "the edit introduces an error; nothing was saved",
                            errors: refused.errors.map { "[\($0.rule)] \($0.subject): \($0.message)" })
        } catch let stale as StaleVersionError {
            throw KBProblem(.preconditionFailed, "Precondition failed", stale.description)
        } catch let error as DataError {
            throw KBProblem(.badRequest, "Invalid edit", error.description)
        }
    }

    func stale(_ kind: RecordKind, _ id: String, _ record: StoredRecord) -> KBProblem {
        KBProblem(.preconditionFailed, "Precondition failed", "\(kind.rawValue) '\(id)' is at ETag \(record.etag): read it again and redo the edit")
    }

    /// The editor behind the bearer token: 401 without a valid one, 403 for a viewer.
    func authorize(_ request: Request) throws -> TokenHolder {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              let holder = try store.authenticate(String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)) else {
            throw KBProblem(.unauthorized, "Unauthorized", "writes need an editor's token: Authorization: Bearer TOKEN (borderplan token add)")
        }
        guard holder.role == .editor else { throw KBProblem(.forbidden, "Forbidden", "\(holder.name) holds a viewer's token; writes need an editor's") }
        return holder
    }

    /// The request body as JSON (at most `maxBodyBytes`).
    static func body(_ request: Request) async throws -> StoredJSON {
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: maxBodyBytes) } catch {
            throw KBProblem(.contentTooLarge, "Body too large", "the body exceeds \(maxBodyBytes) bytes")
        }
        do { return try StoredJSON.parse(String(buffer: buffer), file: "request body") } catch let error as DataError {
            throw KBProblem(.badRequest, "Invalid JSON", error.description)
        }
    }
}

/// A problem of the /kb API (RFC 9457), with the validation errors of a refused edit.
struct KBProblem: Error {
    var status: HTTPResponse.Status
    var title: String
    var detail: String
    var errors: [String] = []
    var allow: String?

    init(_ status: HTTPResponse.Status, _ title: String, _ detail: String, errors: [String] = [], allow: String? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors
        self.allow = allow
    }

    func reply(instance: String) -> KBReply {
        var members: [(key: String, value: StoredJSON)] = [("type", .string("about:blank")), ("title", .string(title)), ("status", .number(String(status.code))),
                                                           ("detail", .string(detail)), ("instance", .string(instance))]
        if !errors.isEmpty { members.append(("errors", .array(errors.map(StoredJSON.string)))) }
        var headers: HTTPFields = [:]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"borderplan\"" }
        if let allow { headers[.allow] = allow }
        return KBReply(status: status, contentType: "application/problem+json", body: StoredJSON.object(members).compact(), headers: headers)
    }
}

/// A /kb answer before it becomes a Hummingbird `Response`.
public struct KBReply: Sendable {
    public var status: HTTPResponse.Status
    public var contentType = "application/json"
    public var body: String
    public var headers: HTTPFields = [:]

    public func response(head: Bool) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        fields[.cacheControl] = "no-cache"
        let buffer = ByteBuffer(string: body)
        fields[.contentLength] = String(buffer.readableBytes)
        return Response(status: status, headers: fields, body: head ? .init() : .init(byteBuffer: buffer))
    }
}

/// Sends /kb requests to the knowledge-base API and everything else to `inner`.
public struct KBRouting<Inner: HTTPResponder>: HTTPResponder where Inner.Context == ServerContext {
    public typealias Context = ServerContext
    let inner: Inner
    let kb: KBService?

    public init(inner: Inner, kb: KBService?) {
        self.inner = inner
        self.kb = kb
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        guard let kb, request.uri.path == "/kb" || request.uri.path.hasPrefix("/kb/") else { return try await inner.respond(to: request, context: context) }
        return await kb.respond(to: request).response(head: request.method == .head)
    }
}
