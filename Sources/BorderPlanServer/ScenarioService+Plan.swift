import BorderPlanKit
import Foundation
import Geo

/// The body of `POST /plans`: the `plan` command's options as JSON members
/// (`{"k": 2, "exclude-partners": ["MA"], "radius": 100}`), checked against the same limits.
struct PlanBody: Sendable {
    static let fields = ["k", "budget", "radius", "demand-model", "service", "objective", "candidates", "spacing", "borders",
                         "exclude", "exclude-partners", "require", "min-per-wilaya", "max-seconds", "scenario"]

    /// The plan's options (`PlanRequest(_:deadline:)` makes the request, as for `borderplan plan`).
    var options: PlanOptions
    var model: DemandModel
    /// The scenario member re-encoded (nil: none), parsed by `Scenario.parse` on an engine.
    var scenario: Data?

    init(_ members: [String: BodyValue], defaultRadiusKm: Double) throws {
        let body = try BodyFields(members, allowed: Self.fields)
        guard let k = try body.integer("k") else { throw Problem.badField("k", ServerText("server.plan.k", ["name": "k", "range": "1…1000"])) }
        try Self.limited("k") { try PlanLimits.require(k, in: PlanLimits.add, option: "k", what: "number of sites") }
        let radiusKm = try body.number("radius").map { value in try Self.limited("radius") { try PlanLimits.radius(formatNumber(value, decimals: 6), option: "radius") } }
            ?? defaultRadiusKm
        options = PlanOptions(radiusKm: radiusKm, k: k)
        model = try body.choice("demand-model", DemandModel.self) ?? .communes
        options.service = try body.choice("service", Service.self) ?? .default
        options.objective = try body.choice("objective", PlanRequest.Objective.self) ?? .population
        guard options.objective != .demand else { throw Problem.badField("objective", ServerText("server.plan.demand", ["command": "plan --demand FILE"])) }
        options.candidates = try body.candidateList()
        let spacing = try body.number("spacing") ?? options.spacingKm
        try Self.limited("spacing") { try PlanLimits.require(spacing, in: PlanLimits.spacingKm, option: "spacing", what: "spacing", unit: " km") }
        options.spacingKm = spacing
        options.borders = try body.partners("borders")
        options.exclude = try body.strings("exclude")
        options.excludePartners = try body.partners("exclude-partners")
        options.require = try body.strings("require")
        options.budget = try body.number("budget")
        if let budget = options.budget { try Self.limited("budget") { try PlanLimits.require(budget, in: PlanLimits.money, option: "budget", what: "budget", unit: "") } }
        options.minPerWilaya = try body.integer("min-per-wilaya")
        if let minimum = options.minPerWilaya {
            try Self.limited("min-per-wilaya") { try PlanLimits.require(minimum, in: PlanLimits.minPerWilaya, option: "min-per-wilaya", what: "number of crossings") }
        }
        let seconds = try body.number("max-seconds") ?? 10
        try Self.limited("max-seconds") { try PlanLimits.require(seconds, in: 1...ScenarioService.timeoutSeconds, option: "max-seconds", what: "time limit", unit: " s") }
        options.maxSeconds = seconds
        scenario = try members["scenario"].map { value in
            guard case .object = value else { throw Problem.badField("scenario", ServerText("server.plan.scenario", values: ["name": .text("scenario"), "kind": value.kind])) }
            return try JSONEncoder().encode(value)
        }
    }

    /// Runs a `PlanLimits` check, turning its error into a 422 naming `field`.
    @discardableResult
    static func limited<T>(_ field: String, _ check: () throws -> T) throws -> T {
        do { return try check() } catch let error as LimitError { throw Problem.badField(field, .error(error)) }
    }

    /// The `PlanRequest` the `plan` command would build from the same options.
    func request(_ data: AnalysisData) throws -> PlanRequest {
        var request = PlanRequest(options, deadline: Deadline(seconds: options.maxSeconds))
        request.scenario = try scenario.map { try ScenarioService.scenario($0, data: data, field: "scenario") }
        return request
    }

    /// The body field that holds an unknown id, for the problem.
    func field(holding id: String) -> String {
        if options.exclude.contains(id) { return "exclude" }
        if options.require.contains(id) { return "require" }
        return "candidates"
    }
}

extension BodyFields {
    /// `candidates`: a list of ids, or the string "generated".
    func candidateList() throws -> [String] {
        if case .string("generated")? = members["candidates"] { return ["generated"] }
        return try strings("candidates")
    }

    func partners(_ name: String) throws -> [Partner] {
        try strings(name).enumerated().map { index, code in
            guard let partner = Partner(code: code) else {
                throw Problem.badField("\(name)[\(index)]", ServerText("server.value.notOneOf", ["value": code, "allowed": Partner.rawValues.joined(separator: ", ")]), closest: closestMatches(to: code.uppercased(), among: Partner.rawValues))
            }
            return partner
        }
    }
}

extension ScenarioService {
    /// `POST /plans`: the plan as `plan --format json` gives it, its notes, and the chosen sites as GeoJSON points.
    func plan(_ body: Data, _ parameters: QueryParameters) async throws -> Reply {
        try parameters.requireKnown([])
        let members = try PostBody.object(body)
        let plan = try PlanBody(members, defaultRadiusKm: defaultRadiusKm)
        return try await cached("plan|" + (try PostBody.canonical(members)), model: plan.model) { data in
            let result: PlanResult
            do {
                result = try Planner.run(try plan.request(data), data: data)
            } catch let error as UnknownIdentifier {
                throw Problem.badField(plan.field(holding: error.id), .english(error.description), closest: error.closest)
            } catch let error as PlanError {
                throw Problem(.unprocessableContent, ServerText("server.title.planNotPosed"), detail: .error(error))
            }
            let sites = try result.selected.map { pick in
                OutputFeature(id: pick.site.id, geometry: try Geometry.point(pick.site.location, in: data.context), properties: [
                    JSONMember("rank", .int(pick.rank)), JSONMember("name", .string(pick.site.name)),
                    JSONMember("partner", .string(pick.site.partner.rawValue)), JSONMember("wilaya", .optional(pick.wilaya)),
                    JSONMember("marginal", .number(pick.marginal, decimals: 1)), JSONMember("cumulative", .number(pick.cumulative, decimals: 1)),
                    JSONMember("hypothetical", .bool(pick.site.hypothetical)),
                ])
            }
            var text = "{\"plan\":" + PlanReport.json(result, demandModel: data.demandModel).serialized()
            text += ",\"notes\":" + JSONValue.array(result.notes.map { JSONValue.string($0.description) }).serialized()
            text += ",\"note_messages\":" + Self.noteMessages(result).serialized()
            text += ",\n\"sites\":" + (try GeoJSONWriter.featureCollection(sites))
            return Reply(contentType: ServedMediaType.json, body: text + "}\n")
        }
    }
}

extension ScenarioService {
    /// The plan's notes as message keys and values (`plan.note.*` of the map's messages), so the map
    /// says them in its language; `notes` keeps the English sentences for API clients. The solver's
    /// note on pruned candidates is not among them: it is about the search, not the plan.
    static func noteMessages(_ result: PlanResult) -> JSONValue {
        var notes: [JSONValue] = []
        func note(_ key: String, _ values: [JSONMember]) {
            notes.append(.object([JSONMember("key", .string(key)), JSONMember("values", .object(values))]))
        }
        let request = result.request
        if result.target == nil, request.k > result.candidates.count {
            note("webmap.plan.note.fewerCandidates", [JSONMember("k", .int(request.k)), JSONMember("candidates", .int(result.candidates.count))])
        }
        if !result.optimal {
            note("webmap.plan.note.timeLimit", [JSONMember("seconds", .number(request.maxSeconds, decimals: 1)), JSONMember("gap", .number(result.gapPercent, decimals: 2))])
        }
        if let adding = result.addingOptions {
            note(adding == 0 ? "webmap.plan.note.noGain" : "webmap.plan.note.zeroGain", [JSONMember("adding", .int(adding))])
        }
        if !result.unknownCost.isEmpty {
            note("webmap.plan.note.unknownCost", [JSONMember("sites", .string(result.unknownCost.joined(separator: ", ")))])
        }
        return .array(notes)
    }
}
