import Foundation
import Geo

/// `borderplan compare --roads FILE --minutes T --scenario …`: the baseline network and
/// crossings against each scenario (its crossings, and its roads: closures, speed changes, another
/// network) — covered population, border km and area per border wilaya, before and after.
public enum RoadCompareReport {
    public struct Entry {
        public var name: String
        public var result: RoadCoverageResult

        public init(name: String, result: RoadCoverageResult) {
            self.name = name
            self.result = result
        }
    }

    /// Baseline and scenario rows of the wilayas in both, in the baseline's order.
    static func pairs(_ baseline: RoadCoverageResult, _ entry: Entry) -> [(RoadCoverageResult.Wilaya, RoadCoverageResult.Wilaya)] {
        baseline.wilayas.compactMap { before in entry.result.wilayas.first { $0.code == before.code }.map { (before, $0) } }
    }

    public static func render(baseline: RoadCoverageResult, scenarios: [Entry], travel: TravelModel, data: AnalysisData,
                              format: OutputFormat, language: Language) -> String {
        if format == .json { return json(baseline: baseline, scenarios: scenarios, travel: travel, data: data).prettySerialized() + "\n" }
        let l = Localizer(language)
        return scenarios.map { entry in
            let rows = pairs(baseline, entry).filter { $0.coveredPopulation != $1.coveredPopulation || abs($0.coveredBorderKm - $1.coveredBorderKm) > 1e-9
                || abs($0.coveredAreaKm2 - $1.coveredAreaKm2) > 0.05 }
            let title = l.text("roadplan.compare.title", ["name": entry.name, "within": travel.within(l), "demand": data.demandModel.summary])
            let totalBefore = baseline.wilayas.reduce(0) { $0 + $1.coveredPopulation }, totalAfter = entry.result.wilayas.reduce(0) { $0 + $1.coveredPopulation }
            return Table(title: format == .table ? title : nil,
                         columns: [.init(l, "roadplan.compare.code"), .init(l, "roadplan.compare.wilaya"),
                                   .init(l, "roadplan.compare.populationBefore", numeric: true), .init(l, "roadplan.compare.populationAfter", numeric: true),
                                   .init(l, "roadplan.compare.populationChange", numeric: true),
                                   .init(l, "roadplan.compare.borderBefore", numeric: true, priority: 1), .init(l, "roadplan.compare.borderAfter", numeric: true, priority: 1),
                                   .init(l, "roadplan.compare.areaChange", numeric: true, priority: 2)],
                         rows: rows.map { before, after in
                             [before.code, data.wilaya(before.code)?.name(language) ?? "", String(before.coveredPopulation), String(after.coveredPopulation),
                              signed(after.coveredPopulation - before.coveredPopulation), formatFixed(before.coveredBorderKm, decimals: 1),
                              formatFixed(after.coveredBorderKm, decimals: 1), formatFixed(after.coveredAreaKm2 - before.coveredAreaKm2, decimals: 1)]
                         },
                         footer: ["", l.text("roadplan.compare.total"), String(totalBefore), String(totalAfter), signed(totalAfter - totalBefore), "", "", ""],
                         notes: format == .table ? [travel.summary(l), l.text("roadplan.compare.gaps", ["before": String(baseline.gaps.count), "after": String(entry.result.gaps.count)])] : [])
                .render(format, l)
        }.joined(separator: "\n")
    }

    static func signed(_ value: Int) -> String { value > 0 ? "+\(value)" : String(value) }

    static func json(baseline: RoadCoverageResult, scenarios: [Entry], travel: TravelModel, data: AnalysisData) -> JSONValue {
        .object([
            "travel": travel.json, "service": .string(baseline.service.rawValue), "demand_model": .string(data.demandModel.rawValue),
            "scenarios": .array(scenarios.map { entry in
                .object(["name": .string(entry.name), "open": .array(entry.result.open.map(JSONValue.string)),
                         "gaps_before": .int(baseline.gaps.count), "gaps_after": .int(entry.result.gaps.count),
                         "wilayas": .array(pairs(baseline, entry).map { before, after in
                             .object(["code": .string(before.code), "population": .int(before.population),
                                      "covered_population_before": .int(before.coveredPopulation), "covered_population_after": .int(after.coveredPopulation),
                                      "covered_border_km_before": .number(before.coveredBorderKm, decimals: 3),
                                      "covered_border_km_after": .number(after.coveredBorderKm, decimals: 3),
                                      "covered_area_km2_before": .number(before.coveredAreaKm2, decimals: 1),
                                      "covered_area_km2_after": .number(after.coveredAreaKm2, decimals: 1)])
                         })])
            }),
        ])
    }
}
