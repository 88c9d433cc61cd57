import Foundation
import Geo

/// Whether a plan option's cost in DZD is known (a closed set: the `cost_status` field).
public enum CostStatus: String, ClosedSet {
    case known, unknown
}

/// Covered population of one commune under the demand model: the share of its population
/// placed within R km of a serving crossing (nil under the places model, which has no commune).
public struct CommuneCoverageRow {
    public var commune: Commune
    /// The commune's population as the demand model placed it (its file population, to the person).
    public var modelPopulation: Int
    public var coveredPopulation: Int?
}

/// Every commune's covered population, from the demand model's population points.
public enum CommuneCoverage {
    /// The communes of the data in id order, each with the population of its points within
    /// `radiusKm` of one of `open` (the same points and the same test as `coverage`).
    public static func rows(_ data: AnalysisData, open: [Coordinate], radiusKm: Double) throws -> [CommuneCoverageRow] {
        let communes = try data.geodata.communes()
        guard data.demandModel != .places else {
            return communes.map { CommuneCoverageRow(commune: $0, modelPopulation: 0, coveredPopulation: nil) }
        }
        let demand = try data.population()
        let covered = demand.grid.covered(by: open, radiusKm: radiusKm)
        var model: [String: Int] = [:], reached: [String: Int] = [:]
        for (index, point) in demand.points.enumerated() {
            guard let id = point.commune else { continue }
            model[id, default: 0] += point.population
            if covered.contains(index) { reached[id, default: 0] += point.population }
        }
        return communes.map { CommuneCoverageRow(commune: $0, modelPopulation: model[$0.id] ?? 0, coveredPopulation: reached[$0.id] ?? 0) }
    }
}

/// The `communes` and `plan` layers and the `plan_projects` table.
extension ExportLayerBuilder {
    /// Every commune with its population and the part of it within R km of a serving crossing.
    func communesLayer() throws -> ExportLayer {
        let columns: [ExportColumn] = [
            .init("id", .text), .init("ons_code", .text), .init("name", .text), .init("name_ar", .text), .init("name_fr", .text), .init("name_en", .text),
            .init("wilaya_code", .text), .init("border_wilaya", .boolean), .init("area_km2", .real), .init("population", .integer),
            .init("covered_population", .integer), .init("uncovered_population", .integer), .init("population_pct", .real),
            .init("demand_model", .text), .init("service", .text), .init("radius_km", .real),
        ]
        let border = Set(data.borderWilayaCodes)
        let rows = try CommuneCoverage.rows(data, open: data.servingSites(sites, service).map(\.location), radiusKm: radiusKm)
        return try layer("communes", "The communes (OSM populations, mixed census years) with their population within \(formatNumber(radiusKm, decimals: 3)) km of a crossing serving \(service); \(data.demandModel.summary)",
                         "MULTIPOLYGON", columns, rows.map { row in
            let c = row.commune
            // A commune without a population tag has no covered figure either (the model placed nobody there).
            let covered = c.population == nil ? nil : row.coveredPopulation
            let share = covered.flatMap { covered in c.population.flatMap { $0 > 0 ? Double(covered) / Double($0) * 100 : nil } }
            return (c.id, c.geometry, [
                .string(c.id), .optional(c.onsCode), .string(c.name(language)), .string(c.nameAR), .string(c.nameFR), .string(c.nameEN),
                .string(c.wilaya), .bool(border.contains(c.wilaya)), .number(c.areaKm2, decimals: 3), c.population.map(JSONValue.int) ?? .null,
                covered.map(JSONValue.int) ?? .null, covered.flatMap { covered in c.population.map { .int($0 - covered) } } ?? .null,
                .rounded(share, 2), .string(data.demandModel.rawValue), .string(service.rawValue), .number(radiusKm, decimals: 3),
            ])
        })
    }

    /// The chosen options of `plan` (thrown for when the builder has none).
    func planLayer() throws -> ExportLayer {
        guard let plan else { throw PlanError(description: "the plan layer needs a plan: the export was given none") }
        return try Self.planLayer(plan, data: data, language: language)
    }

    /// The columns of the `plan` layer (`plan --format geojson` writes the same).
    static let planColumns: [ExportColumn] = [
        .init("rank", .integer), .init("option_id", .text), .init("option_kind", .text), .init("name", .text), .init("name_ar", .text),
        .init("name_fr", .text), .init("name_en", .text), .init("partner", .text), .init("wilaya_code", .text), .init("hypothetical", .boolean),
        .init("cost_dzd", .real), .init("cost_status", .text), .init("cost_note", .text), .init("marginal", .real), .init("cumulative", .real),
        .init("cumulative_pct", .real), .init("unit", .text), .init("objective", .text), .init("service", .text), .init("demand_model", .text),
        .init("radius_km", .real), .init("optimal", .boolean),
    ]

    /// The chosen options of `plan`, one point each at its site, in rank order; the gains are
    /// rounded as `plan --format json` rounds them.
    public static func planLayer(_ plan: PlanResult, data: AnalysisData, language: Language) throws -> ExportLayer {
        let request = plan.request, d = PlanReport.decimals(request.objective)
        let model: JSONValue = request.objective == .population ? .string(data.demandModel.rawValue) : .null
        return try layer("plan", "The \(plan.selected.count) option(s) chosen by the plan (\(request.objective.rawValue) within \(formatNumber(request.radiusKm, decimals: 3)) km, service \(request.service))",
                                 "POINT", planColumns, plan.selected.map { pick in
            let crossing = data.knowledge.crossing(id: pick.site.id)
            let share = plan.demandTotal > 0 ? pick.cumulative / plan.demandTotal * 100 : nil
            return (pick.site.id, try Geometry.point(pick.site.location, in: data.context), [
                .int(pick.rank), .string(pick.site.id), .string(pick.kind.rawValue), .string(crossing?.name(language) ?? pick.site.name),
                .string(crossing?.nameAR ?? pick.site.name), .string(crossing?.nameFR ?? pick.site.name), .string(crossing?.nameEN ?? pick.site.name),
                .string(pick.site.partner.rawValue), .optional(pick.wilaya), .bool(pick.site.hypothetical),
                .rounded(pick.cost, 2), .string((pick.cost == nil ? CostStatus.unknown : .known).rawValue), .optional(pick.costNote),
                .number(pick.marginal, decimals: d), .number(pick.cumulative, decimals: d), .rounded(share, 2), .string(request.objective.unit),
                .string(request.objective.rawValue), .string(request.service.rawValue), model, .number(request.radiusKm, decimals: 3), .bool(plan.optimal),
            ])
        })
    }

    /// The projects each chosen option funds (joins `plan.option_id`).
    func planProjects() throws -> ExportTable? {
        guard let plan else { return nil }
        let columns: [ExportColumn] = [.init("option_id", .text), .init("project", .text)]
        return Self.table(.planProjects, "The projects of projects.json each chosen option funds", columns,
                          plan.selected.flatMap { pick in pick.projects.map { [.string(pick.site.id), .string($0)] } })
    }

    /// `Self.layer` for the instance methods that build the layers.
    func layer(_ name: String, _ description: String, _ type: String, _ columns: [ExportColumn],
               _ rows: [(id: String, geometry: Geometry, values: [JSONValue])]) throws -> ExportLayer {
        try Self.layer(name, description, type, columns, rows)
    }
}

extension PlanReport {
    /// `plan --format geojson`: the chosen options as an RFC 7946 FeatureCollection (the `plan` layer).
    public static func geoJSON(_ result: PlanResult, data: AnalysisData, language: Language) throws -> String {
        try GeoJSONWriter.featureCollection(try ExportLayerBuilder.planLayer(result, data: data, language: language).features)
    }
}

extension PlanRequest {
    /// The plan the report shows and `export` writes as its `plan` layer: maximal covering of the
    /// population by `k` options (every crossing that does not serve), partners and crossings left
    /// out, the scenario applied, at most 10 s.
    public static func layerPlan(radiusKm: Double, k: Int, service: Service, excludePartners: [Partner], exclude: [String] = [],
                                 scenario: Scenario?, language: Language) -> PlanRequest {
        var request = PlanRequest(radiusKm: radiusKm, k: k)
        request.service = service
        request.excludePartners = excludePartners
        request.exclude = exclude
        request.scenario = scenario
        request.language = language
        request.maxSeconds = 10
        return request
    }
}

extension CompareReport {
    /// The layers `compare --format geojson` writes for one scenario: its crossings (with the
    /// scenario's statuses and sites), their catchments and the gaps left, with their tables.
    public static let scenarioLayers: [ExportLayerKind] = [.crossings, .catchments, .gaps]

    public static func layers(_ entry: Entry, sites: [Site], data: AnalysisData, service: Service, language: Language) throws -> (layers: [ExportLayer], tables: [ExportTable]) {
        let builder = ExportLayerBuilder(data: data, coverage: entry.result, sites: sites, service: service, radiusKm: entry.result.radiusKm, language: language)
        return (try builder.layers(scenarioLayers), try builder.tables(scenarioLayers))
    }
}
