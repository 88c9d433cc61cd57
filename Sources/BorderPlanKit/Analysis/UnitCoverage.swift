import Foundation
import Geo

/// The unit of `coverage --by`.
public enum CoverageUnit: String, CaseIterable, Sendable {
    case wilaya, commune, daira
}

/// Covered and uncovered population of one commune or daira of a border wilaya.
public struct UnitCoverageRow: Sendable {
    /// Commune: its ONS code (else "osm-<id>"); daira: its OSM relation id (dairas have no official code in the data).
    public var code: String
    public var nameAR: String
    public var nameFR: String
    public var nameEN: String
    public var wilaya: String
    public var population: Int
    public var coveredPopulation: Int
    public var uncoveredPopulation: Int { population - coveredPopulation }
    public var percent: Double? { population > 0 ? Double(coveredPopulation) / Double(population) * 100 : nil }

    public func name(_ language: Language) -> String {
        switch language { case .ar: return nameAR; case .fr: return nameFR; case .en: return nameEN }
    }
}

/// `coverage --by commune|daira`: the demand model's population points of the border wilayas
/// within R km of an open crossing, summed per commune or daira.
public enum UnitCoverage {
    public static func compute(_ data: AnalysisData, by unit: CoverageUnit, open: [Coordinate], radiusKm: Double) throws -> [UnitCoverageRow] {
        let covered = try data.population().grid.covered(by: open, radiusKm: radiusKm)
        return try compute(data, by: unit) { covered.contains($0) }
    }

    /// The same sums with any rule of coverage: `isCovered(i)` tells whether the demand model's
    /// point `i` is covered (`coverage --roads --minutes --by`: reached within the time limit).
    public static func compute(_ data: AnalysisData, by unit: CoverageUnit, isCovered: (Int) -> Bool) throws -> [UnitCoverageRow] {
        guard unit != .wilaya else { throw DataError(file: GeodataFile.communes, problem: "dataerrors.coverage.by-wilaya") }
        guard data.demandModel != .places else {
            throw DataError(file: GeodataFile.communes, field: "demand-model", problem: "dataerrors.coverage.by-model", ["unit": .text(unit.rawValue)])
        }
        let border = Set(data.borderWilayaCodes)
        let communes = try data.geodata.communes().filter { border.contains($0.wilaya) }
        if unit == .daira, let missing = communes.first(where: { $0.daira == nil }) {
            throw DataError(file: GeodataFile.communes, feature: "commune \(missing.id) \(missing.nameFR)", field: "daira_osm_id",
                            problem: "dataerrors.coverage.no-daira")
        }
        var rows: [String: UnitCoverageRow] = [:]
        var unitOf: [String: String] = [:]   // commune id → unit key
        for commune in communes {
            let key = unit == .commune ? commune.id : String(commune.daira!.osmID)
            unitOf[commune.id] = key
            if rows[key] == nil {
                let named: any Named = unit == .commune ? commune : commune.daira!
                rows[key] = UnitCoverageRow(code: key, nameAR: named.nameAR, nameFR: named.nameFR, nameEN: named.nameEN, wilaya: commune.wilaya,
                                            population: 0, coveredPopulation: 0)
            }
        }
        for (index, point) in try data.population().points.enumerated() {
            guard let commune = point.commune, let key = unitOf[commune] else { continue }
            rows[key]!.population += point.population
            if isCovered(index) { rows[key]!.coveredPopulation += point.population }
        }
        return rows.values.sorted { ($0.wilaya, $0.code) < ($1.wilaya, $1.code) }
    }

    /// The `limit` communes with the most uncovered population (ties by code).
    public static func mostPopulousUncovered(_ rows: [UnitCoverageRow], limit: Int = 20) -> [UnitCoverageRow] {
        Array(rows.filter { $0.uncoveredPopulation > 0 }.sorted { ($0.uncoveredPopulation, $1.code) > ($1.uncoveredPopulation, $0.code) }.prefix(limit))
    }

    public static func json(_ rows: [UnitCoverageRow], by unit: CoverageUnit, data: AnalysisData, radiusKm: Double, language: Language) -> JSONValue {
        json(rows, by: unit, data: data, limit: JSONMember("radius_km", .number(radiusKm, decimals: 3)), language: language)
    }

    /// With a travel-time limit (`coverage --roads --minutes T --by`): `"minutes": T` instead of the radius.
    public static func json(_ rows: [UnitCoverageRow], by unit: CoverageUnit, data: AnalysisData, minutes: Double, language: Language) -> JSONValue {
        json(rows, by: unit, data: data, limit: JSONMember("minutes", .number(minutes, decimals: 3)), language: language)
    }

    static func json(_ rows: [UnitCoverageRow], by unit: CoverageUnit, data: AnalysisData, limit: JSONMember, language: Language) -> JSONValue {
        .object([
            limit, JSONMember("demand_model", .string(data.demandModel.rawValue)), JSONMember("unit", .string(unit.rawValue)),
            JSONMember("units", .array(rows.map { row in
                .object(["code": .string(row.code), "name": .string(row.name(language)), "wilaya": .string(row.wilaya),
                         "population": .int(row.population), "covered_population": .int(row.coveredPopulation),
                         "uncovered_population": .int(row.uncoveredPopulation), "population_pct": .rounded(row.percent, 2)])
            })),
        ])
    }

    public static func render(_ rows: [UnitCoverageRow], by unit: CoverageUnit, data: AnalysisData, radiusKm: Double, format: OutputFormat, language: Language,
                              wide: Bool = false) -> String {
        if format == .json { return json(rows, by: unit, data: data, radiusKm: radiusKm, language: language).prettySerialized() + "\n" }
        return render(rows, by: unit, data: data, limit: Localizer(language).kmUpTo(radiusKm, decimals: 1), format: format, language: language, wide: wide)
    }

    /// The table with the coverage limit in words: "100 km", or "120 min by road".
    public static func render(_ rows: [UnitCoverageRow], by unit: CoverageUnit, data: AnalysisData, limit: String, format: OutputFormat, language: Language,
                              wide: Bool = false) -> String {
        let l = Localizer(language)
        let population = rows.reduce(0) { $0 + $1.population }, covered = rows.reduce(0) { $0 + $1.coveredPopulation }
        let communes = unit == .commune
        let arguments = ["radius": limit, "demand": l.demandSummary(data.demandModel), "count": String(rows.count)]
        let table = Table(
            title: format == .table ? (communes ? l.text("commands.units.communesTitle", arguments) : l.text("commands.units.dairasTitle", arguments)) : nil,
            columns: [communes ? Table.Column(l, "tables.commune_code") : Table.Column(l, "tables.daira_osm_id"),
                      communes ? Table.Column(l, "tables.commune") : Table.Column(l, "tables.daira"),
                      .init(l, "tables.wilaya_code", priority: 2), .init(l, "tables.wilaya", priority: 1), .init(l, "tables.population", numeric: true),
                      .init(l, "tables.covered", numeric: true), .init(l, "tables.uncovered", numeric: true), .init(l, "tables.covered_pct", numeric: true)],
            rows: rows.map { [$0.code, $0.name(language), $0.wilaya, data.wilaya($0.wilaya)?.name(language) ?? "", String($0.population),
                              String($0.coveredPopulation), String($0.uncoveredPopulation), $0.percent.map { formatFixed($0, decimals: 1) } ?? "—"] },
            footer: ["", communes ? l.text("commands.units.communes", arguments) : l.text("commands.units.dairas", arguments), "", "", String(population), String(covered),
                     String(population - covered), population > 0 ? formatFixed(Double(covered) / Double(population) * 100, decimals: 1) : "—"],
            notes: format == .markdown ? [l.text("commands.coverage.population", arguments)] : [])
        return table.render(format, l, wide: wide)
    }
}
