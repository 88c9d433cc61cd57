import BorderPlanKit
import Foundation
import Geo

/// `POST /scenarios/coverage` and `POST /plans`: the CLI's `coverage --scenario` and `plan`, over HTTP.
/// Both call the same application layer as the commands (`Scenario.parse`, `CoverageAnalysis`,
/// `ExportLayerBuilder`, `Planner`, and the commands' JSON reports); replies are cached by the
/// canonical request, so identical inputs get byte-identical answers.
public final class ScenarioService: Sendable {
    /// Longest a POST may take before it is answered with a 503 (plans stop themselves sooner: `max-seconds`).
    public static let timeoutSeconds = 30.0
    /// This service's limit: `timeoutSeconds` unless a caller (a test on a loaded machine) sets another.
    let timeout: Double
    let pool: EnginePool
    let cache: ReplyCache
    let inFlight = InFlight()
    let defaultRadiusKm: Double

    /// Engines (loaded data) are built on first use per demand model, at most `enginesPerModel` of each.
    public init(dataDirectory: URL, defaultRadiusKm: Double, enginesPerModel: Int = 2, cacheEntries: Int = 64, cacheBytes: Int = 128 << 20,
                timeout: Double = ScenarioService.timeoutSeconds) {
        self.timeout = timeout
        pool = EnginePool(directory: dataDirectory, perModel: enginesPerModel)
        cache = ReplyCache(maximumEntries: cacheEntries, maximumBytes: cacheBytes)
        self.defaultRadiusKm = defaultRadiusKm
    }

    /// The cached reply of `key`, else `compute`'s (kept when it succeeds), within the timeout. A request
    /// identical to one being computed waits for that computation instead of starting another, so 64
    /// clients sending the same new scenario cost one computation, not 64.
    func cached(_ key: String, model: DemandModel, _ compute: @escaping @Sendable (AnalysisData) throws -> Reply) async throws -> Reply {
        if let reply = cache.reply(for: key) { return reply }
        let pool = pool, cache = cache, inFlight = inFlight
        let task = inFlight.task(for: key) {
            Task {
                defer { inFlight.finished(key) }
                let reply = try await pool.run(model, compute)
                cache.store(reply, for: key)
                return reply
            }
        }
        return try await withTimeout(seconds: timeout) { try await task.value }
    }

    /// `POST /scenarios/coverage?radius=R&demand-model=M&service=S` with a scenario document as the body
    /// (the `--scenario` file's JSON): the figures of `coverage --format json`, each site's traffic and
    /// regime (what the map's toggles start from), and the crossings (with the scenario's statuses),
    /// catchments and gaps as GeoJSON.
    func coverage(_ body: Data, _ parameters: QueryParameters) async throws -> Reply {
        try parameters.requireKnown(["radius", "demand-model", "service"])
        let radiusKm = try radius(parameters)
        let model = try demandModel(parameters)
        let service = try self.service(parameters)
        let members = try PostBody.object(body)
        let key = "coverage|\(formatNumber(radiusKm, decimals: 3))|\(model.rawValue)|\(service.rawValue)|" + (try PostBody.canonical(members))
        return try await cached(key, model: model) { data in
            let scenario = try Self.scenario(body, data: data)
            let sites = Scenario.sites(data.knowledge, scenario: scenario)
            let result = try CoverageAnalysis(data: data).run(sites: sites, service: service, radiusKm: radiusKm)
            let layers = try ExportLayerBuilder(data: data, coverage: result, sites: sites, service: service, radiusKm: radiusKm)
                .layers([.crossings, .catchments, .gaps])
            var text = "{\"scenario\":" + JSONValue.string(scenario.name).serialized()
            text += ",\"service\":" + JSONValue.string(service.rawValue).serialized()
            text += ",\"coverage\":" + CoverageReport.json(result, data: data, language: .en).serialized()
            text += ",\n\"sites\":" + Self.siteTraffic(sites).serialized()
            for layer in layers { text += ",\n\"\(layer.name)\":" + (try GeoJSONWriter.featureCollection(layer.features)) }
            return Reply(contentType: ServedMediaType.json, body: text + "}\n")
        }
    }

    /// `{"debdeb": {"traffic": ["goods"], "regime": "permanent"}, …}`: what each site handles, with the scenario applied.
    static func siteTraffic(_ sites: [Site]) -> JSONValue {
        .object(sites.map { site in
            JSONMember(site.id, .object([JSONMember("traffic", .array(site.traffic.sorted().map { .string($0.rawValue) })),
                                         JSONMember("regime", .string(site.regime.rawValue))]))
        })
    }

    /// Parses and validates a scenario document with the CLI's own reader; its errors name the field.
    static func scenario(_ body: Data, data: AnalysisData, field: String? = nil) throws -> Scenario {
        do {
            return try Scenario.parse(body, file: "request body", linker: data.linker, proj: data.proj)
        } catch let error as DataError {
            let located = [field, error.field].compactMap { $0 }.joined(separator: ".")
            throw Problem.badField(located.isEmpty ? nil : located, .problem(of: error, after: error.feature), closest: error.closest)
        }
    }

    func radius(_ parameters: QueryParameters) throws -> Double {
        guard let text = try parameters.value("radius") else { return defaultRadiusKm }
        do { return try PlanLimits.radius(text, option: "radius") } catch let error as LimitError {
            throw Problem.badParameter("radius", .error(error))
        }
    }

    func service(_ parameters: QueryParameters) throws -> Service {
        guard let text = try parameters.value("service") else { return .default }
        guard let service = Service(rawValue: text) else {
            throw Problem.badParameter("service", ServerText("server.value.notOneOf", ["value": excerpt(text), "allowed": Service.allCases.map(\.rawValue).joined(separator: ", ")]))
        }
        return service
    }

    func demandModel(_ parameters: QueryParameters) throws -> DemandModel {
        guard let text = try parameters.value("demand-model") else { return .communes }
        guard let model = DemandModel(rawValue: text) else {
            throw Problem.badParameter("demand-model", ServerText("server.value.notOneOf", ["value": excerpt(text), "allowed": DemandModel.allCases.map(\.rawValue).joined(separator: ", ")]))
        }
        return model
    }
}
