import Foundation
import Geo

/// `borderplan plan`.
public enum PlanReport {
    static func decimals(_ objective: PlanRequest.Objective) -> Int { objective == .population || objective == .corridor ? 0 : 1 }

    public static func json(_ result: PlanResult, demandModel: DemandModel? = nil) -> JSONValue {
        let d = decimals(result.request.objective)
        let request = result.request
        return .object([
            "radius_km": .number(request.radiusKm, decimals: 3),
            "objective": .string(request.objective.rawValue),
            "side": request.objective == .population ? .string(request.side.rawValue) : .null,
            "corridor_km": request.objective == .corridor ? .number(request.corridorKm, decimals: 3) : .null,
            "demand_model": request.objective == .population ? .optional(demandModel?.rawValue) : .null,
            "k": result.target == nil ? .int(request.k) : .null,
            "service": .string(request.service.rawValue),
            "options": options(result),
            "candidates": .array(result.candidates.map { .string($0.id) }),
            "selected": .array(result.selected.map { pick in
                .object(["id": .string(pick.site.id), "rank": .int(pick.rank), "marginal": .number(pick.marginal, decimals: d),
                         "cumulative": .number(pick.cumulative, decimals: d), "name": .string(pick.site.name),
                         "wilaya": .optional(pick.wilaya), "partner": .string(pick.site.partner.rawValue),
                         "lat": .number(pick.site.location.lat, decimals: 6), "lon": .number(pick.site.location.lon, decimals: 6),
                         "cost": .rounded(pick.cost, 2), "cost_note": .optional(pick.costNote), "kind": .string(pick.kind.rawValue),
                         "projects": .array(pick.projects.map(JSONValue.string)),
                         "gain_by_side": pick.sides.map { .object(["dz": .number($0.dz, decimals: d), "partner": .number($0.partner, decimals: d)]) } ?? .null])
            }),
            "covered_before": .number(result.coveredBefore, decimals: d),
            "covered_after": .number(result.coveredAfter, decimals: d),
            "demand_total": .number(result.demandTotal, decimals: d),
            "optimal": .bool(result.optimal),
            "gap_pct": .number(result.gapPercent, decimals: 2),
            "wilayas": .array(result.wilayas.map { .object(["code": .string($0.code), "before": .number($0.before, decimals: d), "after": .number($0.after, decimals: d)]) }),
            "runners_up": .array(result.runnersUp.map { .object(["ids": .array($0.ids.map(JSONValue.string)), "covered": .number($0.value, decimals: d)]) }),
            "singles": .array(result.singles.map { .object(["id": .string($0.id), "gain": .number($0.gain, decimals: d)]) }),
            "greedy": .object(["ids": .array(result.greedy.ids.map(JSONValue.string)), "covered": .number(result.greedy.value, decimals: d)]),
            "unknown_cost": .array(result.unknownCost.map(JSONValue.string)),
            "excluded": .array(request.exclude.map(JSONValue.string)),
            "excluded_partners": .array(request.excludePartners.map { .string($0.rawValue) }),
            "required": .array(request.require.map(JSONValue.string)),
            "target": result.target.map(targetJSON) ?? .null,
        ])
    }

    /// Set covering's part of the JSON answer.
    static func targetJSON(_ target: TargetSummary) -> JSONValue {
        .object(["share": .number(target.share, decimals: 6), "reachable": .bool(target.reachable),
                 "reachable_share": .number(target.reachableShare, decimals: 6), "minimised": .string(target.byCost ? "cost" : "count"),
                 "cost": .rounded(target.cost, 2), "greedy_cost": .number(target.greedyCost, decimals: 2)])
    }

    /// The title's first words: what was asked (K sites, or a target share at least cost).
    static func heading(_ result: PlanResult) -> String {
        let request = result.request, radius = formatNumber(request.coverRadiusKm, decimals: 3)
        guard let target = result.target else {
            return "Plan: \(result.selected.count) of \(request.k) option(s) for \(request.service) at \(radius) km maximising \(request.objective.rawValue) (\(request.objective.unit)); "
        }
        let reach = target.reachable ? "" : " (cannot be reached: at most \(formatNumber(target.reachableShare * 100, decimals: 2)) %)"
        return "Plan: \(target.byCost ? "the cheapest set of sites" : "the fewest sites") covering \(formatNumber(target.share * 100, decimals: 2)) %\(reach) of \(request.objective.rawValue) (\(request.objective.unit)) at \(radius) km "
            + "(set covering): \(result.selected.count) site(s)\(target.cost.map { ", cost \(formatNumber($0, decimals: 0))" } ?? ""); "
    }

    /// The budget, the stop note and the projects without coverage effect.
    static func options(_ result: PlanResult) -> JSONValue {
        let request = result.request
        let spent = used(result)
        let left: JSONValue = request.budget.map { JSONValue.number($0 - spent, decimals: 2) } ?? .null
        let noEffect: [JSONValue] = result.noEffect.map { item in
            JSONValue.object(["project": .string(item.project), "crossing": .string(item.crossing), "reason": .string(item.reason),
                              "cost_dzd": .rounded(item.cost?.dzd, 2), "cost_note": .optional(item.cost?.explanation)])
        }
        return .object([
            "budget_dzd": .rounded(request.budget, 2), "budget_note": .optional(request.budgetNote),
            "budget_used_dzd": request.budget == nil ? .null : .number(spent, decimals: 2), "budget_left_dzd": left,
            "adding_demand": result.addingOptions.map(JSONValue.int) ?? .null, "stop_note": .optional(result.stopNote),
            "notes": .array(result.notes.map(JSONValue.string)), "no_coverage_effect": .array(noEffect),
        ])
    }

    /// The DZD the chosen options with a known cost spend.
    static func used(_ result: PlanResult) -> Double { result.selected.reduce(0) { $0 + ($1.cost ?? 0) } }

    /// "2.5 bn DZD", or "unknown".
    static func dzd(_ amount: Double?) -> String { amount.map { Money.show($0) + " DZD" } ?? "unknown" }

    public static func render(_ result: PlanResult, data: AnalysisData, format: OutputFormat, language: Language) -> String {
        if format == .json { return json(result, demandModel: data.demandModel).prettySerialized() + "\n" }
        let request = result.request
        let unit = request.objective.unit
        let d = decimals(request.objective)
        func value(_ v: Double) -> String { formatFixed(v, decimals: d) }
        func share(_ v: Double) -> String { result.demandTotal > 0 ? formatFixed(v / result.demandTotal * 100, decimals: 2) : "—" }
        let title = heading(result)
            + (request.objective == .population ? "\(data.demandModel.summary); " : "")
            + (result.optimal ? "optimal (proved, \(result.nodes) nodes)" : "best found, optimality gap ≤ \(formatFixed(result.gapPercent, decimals: 2)) %")
        let selected = Table(title: format == .table ? title : nil,
                             columns: [.init("rank", numeric: true), .init("id"), .init("option"), .init("site"), .init("wilaya"), .init("partner"), .init("cost (DZD)"),
                                       .init("marginal (\(unit))", numeric: true), .init("cumulative (\(unit))", numeric: true), .init("share (%)", numeric: true)],
                             rows: result.selected.map { pick in
                                 [String(pick.rank), pick.site.id, pick.kind.rawValue + (pick.projects.isEmpty ? "" : " (\(pick.projects.joined(separator: ", ")))"),
                                  pick.site.name, pick.wilaya.map { "\($0) \(data.wilaya($0)?.name(language) ?? "")" } ?? "—",
                                  pick.site.partner.rawValue, dzd(pick.cost), value(pick.marginal), value(pick.cumulative), share(pick.cumulative)]
                             },
                             footer: ["", "", "", "before → after", "", "", request.budget == nil ? dzd(used(result)) : "\(dzd(used(result))) of \(dzd(request.budget))", value(result.coveredAfter - result.coveredBefore),
                                      "\(value(result.coveredBefore)) → \(value(result.coveredAfter))", "\(share(result.coveredBefore)) → \(share(result.coveredAfter))"],
                             notes: format == .table ? [
                             ] + (result.stopNote.map { ["The plan stops at \(result.selected.count): \($0)."] } ?? []) + budgetLines(result) + [
                                 "Demand total \(value(result.demandTotal)) \(unit). Greedy would pick \(result.greedy.ids.joined(separator: ", ")) for \(value(result.greedy.value)) \(unit)"
                                     + (result.target.map { $0.byCost ? " at a cost of \(formatNumber($0.greedyCost, decimals: 0))." : " (\(result.greedy.ids.count) site(s))." } ?? "."),
                                 "Service: \(request.service) (\(request.service.rule)); candidates: \(result.candidates.count)"
                                     + (request.exclude.isEmpty ? "" : "; excluded: \(request.exclude.joined(separator: ", "))")
                                     + (request.excludePartners.isEmpty ? "" : "; excluded partners: \(request.excludePartners.map(\.rawValue).joined(separator: ", "))")
                                     + (request.require.isEmpty ? "" : "; required: \(request.require.joined(separator: ", "))")
                                     + (result.unknownCost.isEmpty ? "" : "; left out for unknown cost: \(result.unknownCost.joined(separator: ", "))"),
                             ] : [])
        let wilayas = Table(title: format == .table ? "Per border wilaya (\(unit) covered)" : nil,
                            columns: [.init("code"), .init("wilaya"), .init("before", numeric: true), .init("after", numeric: true), .init("change", numeric: true)],
                            rows: result.wilayas.filter { $0.before != $0.after || $0.after > 0 }.map { w in
                                [w.code, data.wilaya(w.code)?.name(language) ?? "", value(w.before), value(w.after), value(w.after - w.before)]
                            })
        let alternatives = Table(title: format == .table ? "Runner-up combinations within 1 % of the best" : nil,
                                 columns: [.init("sites"), .init("covered (\(unit))", numeric: true)],
                                 rows: result.runnersUp.map { [$0.ids.joined(separator: " + "), value($0.value)] })
        let singles = Table(title: format == .table ? "Each candidate alone (added to the open crossings)" : nil,
                            columns: [.init("id"), .init("gain (\(unit))", numeric: true)],
                            rows: result.singles.map { [$0.id, value($0.gain)] })
        let noEffect = Table(title: format == .table ? "Unfinished projects with no coverage effect under --service \(request.service) (never options)" : nil,
                             columns: [.init("project"), .init("crossing"), .init("cost (DZD)"), .init("why")],
                             rows: result.noEffect.map { [$0.project, $0.crossing, dzd($0.cost?.dzd), $0.reason] })
        return ([selected] + PlanSidesTable.table(result, format: format) + [wilayas, alternatives, singles, noEffect])
            .map { $0.render(format) }.joined(separator: "\n")
    }

    /// The budget, used and left, with its conversion.
    static func budgetLines(_ result: PlanResult) -> [String] {
        guard let budget = result.request.budget else { return [] }
        let used = used(result)
        return ["Budget \(dzd(budget))\(result.request.budgetNote.map { " (\($0))" } ?? ""): used \(dzd(used)), left \(dzd(budget - used))."]
    }
}

/// `borderplan compare`: baseline against one or more scenarios.
public enum CompareReport {
    public struct Entry {
        public var name: String
        public var result: CoverageResult

        public init(name: String, result: CoverageResult) {
            self.name = name
            self.result = result
        }
    }

    /// Uncovered length per border, km.
    static func gapKm(_ result: CoverageResult, _ border: Partner) -> Double {
        result.gaps.filter { $0.border == border }.reduce(0) { $0 + $1.lengthKm }
    }

    /// Covered length of one border, km: its length in the border wilayas less its gaps.
    static func borderCovered(_ result: CoverageResult, _ country: Partner) -> Double {
        result.wilayas.reduce(0) { $0 + ($1.borders.first { $0.country == country }?.km ?? 0) } - gapKm(result, country)
    }

    public static func render(baseline: CoverageResult, scenarios: [Entry], data: AnalysisData, format: OutputFormat, language: Language) -> String {
        if format == .json { return json(baseline: baseline, scenarios: scenarios, data: data, language: language).prettySerialized() + "\n" }
        return scenarios.flatMap { entry in
            [wilayaTable(baseline: baseline, entry: entry, data: data, format: format, language: language).render(format),
             borderTable(baseline: baseline, entry: entry, format: format).render(format)]
        }.joined(separator: "\n")
    }

    /// The JSON answer: both coverages, and per scenario the changes per wilaya and per border.
    static func json(baseline: CoverageResult, scenarios: [Entry], data: AnalysisData, language: Language) -> JSONValue {
        .object([
            "radius_km": .number(baseline.radiusKm, decimals: 3),
            "baseline": CoverageReport.json(baseline, data: data, language: language),
            "scenarios": .array(scenarios.map { entry in
                .object([
                    "name": .string(entry.name),
                    "coverage": CoverageReport.json(entry.result, data: data, language: language),
                    "wilayas": .array(zip(baseline.wilayas, entry.result.wilayas).map { before, after in
                        .object(["code": .string(before.code),
                                 "covered_area_km2_change": .number(after.coveredAreaKm2 - before.coveredAreaKm2, decimals: 1),
                                 "covered_population_change": .int(after.coveredPopulation - before.coveredPopulation),
                                 "covered_border_km_change": .number(after.coveredBorderKm - before.coveredBorderKm, decimals: 1)])
                    }),
                    "borders": .array(Partner.allCases.map { country in
                        .object(["border": .string(country.rawValue),
                                 "covered_km_before": .number(borderCovered(baseline, country), decimals: 1),
                                 "covered_km_after": .number(borderCovered(entry.result, country), decimals: 1),
                                 "gap_km_before": .number(gapKm(baseline, country), decimals: 1),
                                 "gap_km_after": .number(gapKm(entry.result, country), decimals: 1),
                                 "gaps_before": .int(baseline.gaps.filter { $0.border == country }.count),
                                 "gaps_after": .int(entry.result.gaps.filter { $0.border == country }.count)])
                    }),
                ])
            }),
        ])
    }

    /// The border wilayas whose coverage changes, before → after.
    static func wilayaTable(baseline: CoverageResult, entry: Entry, data: AnalysisData, format: OutputFormat, language: Language) -> Table {
        func signed(_ v: Double, _ d: Int) -> String { (v > 0 ? "+" : "") + formatFixed(v, decimals: d) }
        let rows = zip(baseline.wilayas, entry.result.wilayas).compactMap { before, after -> [String]? in
            let area = after.coveredAreaKm2 - before.coveredAreaKm2, population = after.coveredPopulation - before.coveredPopulation
            let border = after.coveredBorderKm - before.coveredBorderKm
            guard abs(area) > 0.05 || population != 0 || abs(border) > 0.05 else { return nil }
            return [before.code, data.wilaya(before.code)?.name(language) ?? "",
                    "\(formatFixed(before.coveredAreaKm2, decimals: 0)) → \(formatFixed(after.coveredAreaKm2, decimals: 0))", signed(area, 0),
                    "\(before.coveredPopulation) → \(after.coveredPopulation)", (population > 0 ? "+" : "") + String(population),
                    "\(formatFixed(before.coveredBorderKm, decimals: 1)) → \(formatFixed(after.coveredBorderKm, decimals: 1))", signed(border, 1)]
        }
        return Table(title: format == .table ? "Scenario \"\(entry.name)\" against the baseline at \(formatNumber(baseline.radiusKm, decimals: 3)) km — border wilayas that change; \(data.demandModel.summary)" : nil,
                     columns: [.init("code"), .init("wilaya"), .init("covered area (km²)"), .init("Δ km²", numeric: true), .init("covered population"),
                               .init("Δ pop.", numeric: true), .init("covered border (km)"), .init("Δ km", numeric: true)],
                     rows: rows, notes: rows.isEmpty && format == .table ? ["No border wilaya changes."] : [])
    }

    /// Covered length and gaps per border, before and after.
    static func borderTable(baseline: CoverageResult, entry: Entry, format: OutputFormat) -> Table {
        let rows = Partner.allCases.map { country -> [String] in
            let beforeGaps = baseline.gaps.filter { $0.border == country }, afterGaps = entry.result.gaps.filter { $0.border == country }
            let before = gapKm(baseline, country), after = gapKm(entry.result, country)
            return [country.rawValue, formatFixed(borderCovered(baseline, country), decimals: 1), formatFixed(borderCovered(entry.result, country), decimals: 1),
                    "\(beforeGaps.count) (\(formatFixed(before, decimals: 1)) km)", "\(afterGaps.count) (\(formatFixed(after, decimals: 1)) km)",
                    after < before - 0.05 ? "gaps close by \(formatFixed(before - after, decimals: 1)) km"
                        : after > before + 0.05 ? "gaps open by \(formatFixed(after - before, decimals: 1)) km" : ""]
        }
        return Table(title: format == .table ? "Per border" : nil,
                     columns: [.init("border"), .init("covered before (km)", numeric: true), .init("covered after (km)", numeric: true),
                               .init("gaps before"), .init("gaps after"), .init("change")],
                     rows: rows)
    }
}
