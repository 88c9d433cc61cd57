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
        let language = RequestLanguage.negotiate(request.headers[.acceptLanguage])
        do {
            let segments = request.uri.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
            guard segments.first == "kb", (2...3).contains(segments.count), let kind = RecordKind(plural: segments[1]) else {
                throw KBProblem(.notFound, ServerText("server.title.notFound"), ServerText("server.kb.path", ["pattern": "/kb/{crossings|projects|committees}/{id}"]))
            }
            let id = segments.count == 3 ? segments[2] : nil
            switch (request.method, id) {
            case (.get, let id?), (.head, let id?): return try read(kind, id)
            case (.patch, let id?): return try await patch(kind, id, request)
            case (.post, nil): return try await create(kind, request)
            case (_, nil): throw KBProblem(.methodNotAllowed, ServerText("server.title.methodNotAllowed"),
                                              ServerText("server.kb.collectionMethods", ["collection": "/kb/\(kind.plural)", "record": "/kb/\(kind.plural)/{id}"]), allow: "POST")
            default: throw KBProblem(.methodNotAllowed, ServerText("server.title.methodNotAllowed"),
                                      ServerText("server.method.unsupported", ["method": request.method.rawValue]), allow: "GET, HEAD, PATCH")
            }
        } catch let problem as KBProblem {
            return problem.reply(instance: request.uri.path, language: language)
        } catch {
            FileHandle.standardError.write(Data("borderplan serve: internal error on \(request.method.rawValue) \(request.uri.path): \(error)\n".utf8))
            return KBProblem(.internalServerError, ServerText("server.title.internalError"), ServerText("server.internal"))
                .reply(instance: request.uri.path, language: language)
        }
    }

    func read(_ kind: RecordKind, _ id: String) throws -> KBReply {
        let record = try existing(kind, id)
        return KBReply(status: .ok, body: record.body.pretty() + "\n", headers: [.eTag: record.etag])
    }

    func existing(_ kind: RecordKind, _ id: String) throws -> StoredRecord {
        guard let record = try store.record(kind, id: id) else { throw Self.noRecord(kind, id) }
        return record
    }

    func patch(_ kind: RecordKind, _ id: String, _ request: Request) async throws -> KBReply {
        let holder = try authorize(request)
        let record = try existing(kind, id)
        guard let ifMatch = request.headers[.ifMatch] else {
            throw KBProblem(.preconditionRequired, ServerText("server.title.preconditionRequired"), ServerText("server.kb.ifMatch", ["etag": record.etag]))
        }
        guard ifMatch == record.etag else { throw stale(kind, id, record) }
        let body = try await Self.body(request)
        guard let patchJSON = body["patch"] else { throw KBProblem(.badRequest, ServerText("server.title.invalidBody"), ServerText("server.kb.patchBody", ["shape": #"{"patch": [RFC 6902], "source": {"title", "date", "url"}, "note"}"#])) }
        let patch: JSONPatch
        do { patch = try JSONPatch(json: patchJSON, where: "patch") } catch let error as DataError { throw KBProblem(.badRequest, ServerText("server.title.invalidPatch"), .dataError(error)) }
        return try edit(kind, id, version: record.version, holder: holder, body: body, status: .ok) { current in
            do { return try patch.apply(to: current ?? .null) } catch let error as JSONPatch.PatchError {
                throw KBProblem(.conflict, ServerText("server.title.patchConflict"), .error(error))
            }
        }
    }

    func create(_ kind: RecordKind, _ request: Request) async throws -> KBReply {
        let holder = try authorize(request)
        let body = try await Self.body(request)
        guard let record = body["record"], let id = kind.id(of: record), !id.isEmpty else {
            throw KBProblem(.badRequest, ServerText("server.title.invalidBody"), ServerText("server.kb.recordBody", ["shape": #"{"record": {…}, "source": {…}, "note"}"#]))
        }
        guard try store.record(kind, id: id) == nil else { throw KBProblem(.conflict, ServerText("server.title.conflict"), ServerText("server.kb.exists", values: ["record": Self.item(kind, id), "path": .text("/kb/\(kind.plural)/\(id)")]))
        }
        var reply = try edit(kind, id, version: nil, holder: holder, body: body, status: .created) { _ in record }
        reply.headers[.location] = "/kb/\(kind.plural)/\(id)"
        return reply
    }

    /// Runs the edit; maps a refusal (422), a stale version (412) and a bad source (400).
    func edit(_ kind: RecordKind, _ id: String, version: Int?, holder: TokenHolder, body: StoredJSON, status: HTTPResponse.Status,
              change: (StoredJSON?) throws -> StoredJSON?) throws -> KBReply {
        let source: EditSource
        do {
            guard let title = body["source"]?["title"]?.stringValue else { throw DataError(file: "request", field: "source.title", problem: "dataerrors.edit.source") }
            source = try EditSource(title: title, date: body["source"]?["date"]?.stringValue, url: body["source"]?["url"]?.stringValue)
        } catch let error as DataError { throw KBProblem(.badRequest, ServerText("server.title.invalidSource"), .dataError(error)) }
        do {
            let outcome = try editor.edit(kind, id: id, baseVersion: version, author: holder.name, source: source, note: body["note"]?.stringValue, change: change)
            guard let record = try store.record(kind, id: id) else { throw Self.noRecord(kind, id) }
            var members: [(key: String, value: StoredJSON)] = [("edit", .number(String(outcome.entry.edit))), ("version", .number(String(record.version)))]
            members.append(("findings", .array(outcome.entry.findings.map(StoredJSON.string))))
            members.append(("record", record.body))
            return KBReply(status: status, body: StoredJSON.object(members).pretty() + "\n", headers: [.eTag: record.etag])
        } catch let refused as EditRefused {
            throw KBProblem(.unprocessableContent, ServerText("server.title.editRefused"), ServerText("server.kb.refused"),
                            errors: refused.errors)
        } catch let stale as StaleVersionError {
            throw KBProblem(.preconditionFailed, ServerText("server.title.preconditionFailed"), Self.changed(stale))
        } catch let error as DataError {
            throw KBProblem(.badRequest, ServerText("server.title.invalidEdit"), .dataError(error))
        }
    }

    func stale(_ kind: RecordKind, _ id: String, _ record: StoredRecord) -> KBProblem {
        KBProblem(.preconditionFailed, ServerText("server.title.preconditionFailed"), ServerText("server.kb.stale", values: ["record": Self.item(kind, id), "etag": .text(record.etag)]))
    }

    /// 412: the record changed between the read and the write (the store's own check).
    static func changed(_ stale: StaleVersionError) -> ServerText {
        let then: MessageValue = stale.expected.map { .phrase("server.kb.version", ["version": .number(String($0))]) } ?? .phrase("server.kb.newRecord", [:])
        let now: MessageValue = stale.current.map { .phrase("server.kb.nowAt", ["version": .number(String($0))]) } ?? .phrase("server.kb.gone", [:])
        return ServerText("server.kb.changed", values: ["record": item(stale.kind, stale.id), "then": then, "now": now])
    }

    /// 404: no record `id` of `kind`.
    static func noRecord(_ kind: RecordKind, _ id: String) -> KBProblem {
        KBProblem(.notFound, ServerText("server.title.notFound"), ServerText("server.kb.noRecord", values: ["record": item(kind, id)]))
    }

    /// A record as messages name it: "crossing 'debdeb'", its kind in the reply's language.
    static func item(_ kind: RecordKind, _ id: String) -> MessageValue {
        let key: String
        switch kind {
        case .crossing: key = "errors.item.crossing"
        case .project: key = "errors.item.project"
        case .committee: key = "errors.item.committee"
        }
        return .phrase(key, ["number": .text("'\(id)'")])
    }

    /// The editor behind the bearer token: 401 without a valid one, 403 for a viewer.
    func authorize(_ request: Request) throws -> TokenHolder {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              let holder = try store.authenticate(String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)) else {
            throw KBProblem(.unauthorized, ServerText("server.title.unauthorized"), ServerText("server.kb.token", ["header": "Authorization: Bearer TOKEN", "command": "borderplan token add"]))
        }
        guard holder.role == .editor else { throw KBProblem(.forbidden, ServerText("server.title.forbidden"), ServerText("server.kb.viewer", ["name": holder.name])) }
        return holder
    }

    /// The request body as JSON (at most `maxBodyBytes`).
    static func body(_ request: Request) async throws -> StoredJSON {
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: maxBodyBytes) } catch {
            throw KBProblem(.contentTooLarge, ServerText("server.title.bodyTooLarge"), ServerText("server.kb.bodyTooLarge", ["bytes": String(maxBodyBytes)]))
        }
        do { return try StoredJSON.parse(String(buffer: buffer), file: "request body") } catch let error as DataError {
            throw KBProblem(.badRequest, ServerText("server.title.invalidJSON"), .dataError(error))
        }
    }
}

/// A problem of the /kb API (RFC 9457), with the validation errors of a refused edit.
struct KBProblem: Error {
    var status: HTTPResponse.Status
    var title: ServerText
    var detail: ServerText
    /// The validation errors of a refused edit, each written "[rule] subject: text" in the reply's language.
    var errors: [Finding] = []
    var allow: String?

    init(_ status: HTTPResponse.Status, _ title: ServerText, _ detail: ServerText, errors: [Finding] = [], allow: String? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors
        self.allow = allow
    }

    /// The problem's reply, its title and detail in `language` (also sent as `Content-Language`).
    func reply(instance: String, language: Language) -> KBReply {
        let l = Localizer(language)
        var members: [(key: String, value: StoredJSON)] = [("type", .string("about:blank")), ("title", .string(title.text(l))), ("status", .number(String(status.code))),
                                                           ("detail", .string(detail.text(l))), ("instance", .string(instance))]
        if !errors.isEmpty { members.append(("errors", .array(errors.map { .string("[\($0.rule)] \($0.subject): \($0.text(l))") }))) }
        var headers: HTTPFields = [.contentLanguage: language.rawValue, .vary: "Accept-Language"]
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
