import BorderPlanKit
import Foundation
import Hummingbird

/// Routes every request to an OGC API – Features resource. Paths are matched segment by
/// segment after percent-decoding, against the catalog's ids only: nothing is ever looked up
/// on disk, so `/collections/..%2f..%2fetc` is simply an unknown collection (404).
public struct OGCResponder: HTTPResponder {
    public typealias Context = ServerContext

    let resources: Resources
    /// Base URL of links when the request has no usable `Host` header.
    let fallbackBase: String
    let accessLog: AccessLog?
    /// The POST endpoints (scenarios and plans); nil: they answer 503.
    let scenarios: ScenarioService?
    let webMap: WebMap
    /// Catchments at the radii requests asked for (`?radius=`).
    let catchmentCache = CatchmentsAtRadius()

    public init(catalog: FeatureCatalog, fallbackBase: String, accessLog: AccessLog?, scenarios: ScenarioService? = nil, webMap: WebMap = WebMap()) {
        resources = Resources(catalog: catalog)
        self.webMap = webMap
        self.fallbackBase = fallbackBase
        self.accessLog = accessLog
        self.scenarios = scenarios
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        let start = ContinuousClock.now
        let reply = await self.reply(to: request)
        let response = reply.response(head: request.method == .head)
        if let accessLog {
            let elapsed = ContinuousClock.now - start
            accessLog.record(.init(date: Date(), remote: context.remoteAddress, method: request.method.rawValue, path: request.uri.path,
                                   query: request.uri.query, status: reply.status.code, bytes: request.method == .head ? 0 : reply.body.utf8.count,
                                   milliseconds: Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000,
                                   userAgent: request.headers[.userAgent]))
        }
        return response
    }

    /// The reply, or the problem the request ran into. Unexpected errors become a 500 whose body
    /// says nothing of the cause (the cause goes to standard error).
    func reply(to request: Request) async -> Reply {
        let instance = request.uri.path
        let language = RequestLanguage.negotiate(request.headers[.acceptLanguage])
        do {
            if let endpoint = PostEndpoint(path: request.uri.path) { return try await post(endpoint, request) }
            guard request.method == .get || request.method == .head else {
                throw Problem(.methodNotAllowed, ServerText("server.title.methodNotAllowed"), detail: ServerText("server.method.useGet", ["method": request.method.rawValue]))
            }
            if let reply = try await catchmentsAtRadius(request) { return reply }
            return try route(request)
        } catch let problem as Problem {
            return .problem(problem, instance: instance, language: language)
        } catch {
            FileHandle.standardError.write(Data("borderplan serve: internal error on \(request.method.rawValue) \(instance): \(error)\n".utf8))
            return .problem(Problem(.internalServerError, ServerText("server.title.internalError"), detail: ServerText("server.internal")),
                            instance: instance, language: language)
        }
    }

    func route(_ request: Request) throws -> Reply {
        let segments = try Self.segments(request.uri.path)
        let parameters = try QueryParameters(request.uri.query)
        let encoding = try Encoding.negotiate(f: try parameters.value("f"), accept: request.headers[.accept])
        let links = LinkBuilder(host: request.head.authority, fallback: fallbackBase)
        let onlyF: Set<String> = ["f"]
        if let reply = try webMap.reply(segments) {
            try parameters.requireKnown(["lang"])
            return reply
        }
        switch segments.count {
        case 0:
            try parameters.requireKnown(onlyF)
            return resources.landing(links, encoding)
        case 1 where segments[0] == "api":
            try parameters.requireKnown(onlyF)
            return resources.api(links, encoding)
        case 1 where segments[0] == "conformance":
            try parameters.requireKnown(onlyF)
            return resources.conformance(links, encoding)
        case 1 where segments[0] == "collections":
            try parameters.requireKnown(onlyF)
            return resources.collections(links, encoding)
        case 2 where segments[0] == "collections":
            try parameters.requireKnown(onlyF)
            return try resources.collection(segments[1], links, encoding)
        case 3 where segments[0] == "collections" && segments[2] == "schema":
            try parameters.requireKnown(onlyF)
            return try resources.schema(segments[1], links)
        case 3 where segments[0] == "collections" && segments[2] == "items":
            return try resources.items(segments[1], parameters, links, encoding, now: Date())
        case 4 where segments[0] == "collections" && segments[2] == "items":
            try parameters.requireKnown(onlyF)
            return try resources.item(segments[1], segments[3], links, encoding)
        default:
            throw Problem.notFound(ServerText("server.path.unknown"))
        }
    }

    /// `POST /scenarios/coverage` and `POST /plans` (other methods: 405 naming POST).
    func post(_ endpoint: PostEndpoint, _ request: Request) async throws -> Reply {
        guard request.method == .post else {
            var problem = Problem(.methodNotAllowed, ServerText("server.title.methodNotAllowed"), detail: ServerText("server.method.usePost", ["method": request.method.rawValue]))
            problem.allow = "POST"
            throw problem
        }
        guard let scenarios else { throw Problem(.serviceUnavailable, ServerText("server.title.notAvailable"), detail: ServerText("server.scenarios.unavailable")) }
        let parameters = try QueryParameters(request.uri.query)
        let body = try await PostBody.read(request)
        switch endpoint {
        case .coverage: return try await scenarios.coverage(body, parameters)
        case .plans: return try await scenarios.plan(body, parameters)
        }
    }

    /// The percent-decoded path segments ("/" is none; one trailing slash is ignored).
    static func segments(_ path: String) throws -> [String] {
        guard path.hasPrefix("/") else { throw Problem.notFound(ServerText("server.path.unknown")) }
        var parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        if parts.last == "" { parts.removeLast() }
        return try parts.map { part in
            guard !part.isEmpty, let decoded = part.removingPercentEncoding else { throw Problem.notFound(ServerText("server.path.unknown")) }
            return decoded
        }
    }
}

/// The endpoints that take a POST body.
enum PostEndpoint: Sendable {
    case coverage, plans

    init?(path: String) {
        switch (try? OGCResponder.segments(path)) ?? [] {  // absent: a path that does not decode is no POST endpoint (the GET router says 404)
        case ["scenarios", "coverage"]: self = .coverage
        case ["plans"]: self = .plans
        default: return nil
        }
    }
}
