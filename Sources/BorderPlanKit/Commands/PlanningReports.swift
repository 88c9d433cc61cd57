import Foundation
import Geo

/// `borderplan plan`.
public enum PlanReport {
    static func decimals(_ objective: PlanRequest.Objective) -> Int { objective == .population || objective == .corridor ? 0 : 1 }

    /// The plan as JSON: machine numbers and codes; the notes' texts in `language`.
    public static func json(_ result: PlanResult, demandModel: DemandModel? = nil, language: Language = .en) -> JSONValue {
        let d = decimals(result.request.objective)
        let request = result.request
        return .object([
            "radius_km": request.travel == nil ? .number(request.radiusKm, decimals: 3) : .null,
            "travel": request.travel?.json ?? .null,
            "objective": .string(request.objective.rawValue),
            "side": request.objective == .population ? .string(request.side.rawValue) : .null,
            "corridor_km": request.objective == .corridor ? .number(request.corridorKm, decimals: 3) : .null,
            "demand_model": request.objective == .population ? .optional(demandModel?.rawValue) : .null,
            "k": result.target == nil ? .int(request.k) : .null,
            "service": .string(request.service.rawValue),
            "options": options(result, Localizer(language)),
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
    static func heading(_ result: PlanResult, _ l: Localizer) -> String {
        let request = result.request
        let arguments = ["count": String(result.selected.count), "k": String(request.k), "service": l.name(request.service),
                         "radius": request.travel?.within(l) ?? l.kmUpTo(request.coverRadiusKm, decimals: 3), "objective": l.objectiveName(request.objective), "unit": l.objectiveUnit(request.objective)]
        guard let target = result.target else { return l.text("commands.plan.headingK", arguments) }
        let share = l.percent(target.share * 100, decimals: 2)
        let reach = target.reachable ? "" : " " + l.text("commands.plan.unreachable", ["share": l.percent(target.reachableShare * 100, decimals: 2)])
        let cost = target.cost.map { " " + l.text("commands.plan.cost", ["cost": l.number($0, decimals: 0)]) } ?? ""
        let key = target.byCost ? "commands.plan.headingCheapest" : "commands.plan.headingFewest"
        return l.text(key, arguments.merging(["share": share + reach, "cost": cost]) { $1 })
    }

    /// The budget, the stop note and the projects without coverage effect.
    static func options(_ result: PlanResult, _ l: Localizer) -> JSONValue {
        let request = result.request
        let spent = used(result)
        let left: JSONValue = request.budget.map { JSONValue.number($0 - spent, decimals: 2) } ?? .null
        let noEffect: [JSONValue] = result.noEffect.map { item in
            JSONValue.object(["project": .string(item.project), "crossing": .string(item.crossing), "reason_code": .string(item.reason.code), "reason": .string(item.reason.text(l)),
                              "cost_dzd": .rounded(item.cost?.dzd, 2), "cost_note": .optional(item.cost?.explanation)])
        }
        return .object([
            "budget_dzd": .rounded(request.budget, 2), "budget_note": .optional(request.budgetNote),
            "budget_used_dzd": request.budget == nil ? .null : .number(spent, decimals: 2), "budget_left_dzd": left,
            "adding_demand": result.addingOptions.map(JSONValue.int) ?? .null, "stop_note": result.stopNote.map { $0.json(l) } ?? .null,
            "notes": .array(result.notes.map { $0.json(l) }), "no_coverage_effect": .array(noEffect),
        ])
    }

    /// The DZD the chosen options with a known cost spend.
    static func used(_ result: PlanResult) -> Double { result.selected.reduce(0) { $0 + ($1.cost ?? 0) } }

    /// "2.5 bn DZD", or "unknown", numbers in machine form (tables localise them).
    static func dzd(_ amount: Double?, _ l: Localizer = Localizer(.en)) -> String {
        guard let amount else { return l.text("commands.plan.unknownCost") }
        if amount >= 1e9 { return l.text("commands.cost.billions", ["amount": formatNumber(amount / 1e9, decimals: 3), "currency": "DZD"]) }
        if amount >= 1e6 { return l.text("commands.cost.millions", ["amount": formatNumber(amount / 1e6, decimals: 3), "currency": "DZD"]) }
        return formatNumber(amount, decimals: 0) + " DZD"
    }

    public static func render(_ result: PlanResult, data: AnalysisData, format: OutputFormat, language: Language, wide: Bool = false) -> String {
        if format == .json { return json(result, demandModel: data.demandModel, language: language).prettySerialized() + "\n" }
        let l = Localizer(language)
        let request = result.request
        let unit = ["unit": l.objectiveUnit(request.objective)]
        let d = decimals(request.objective)
        func value(_ v: Double) -> String { formatFixed(v, decimals: d) }
        let wilayas = Table(title: format == .table ? l.text("commands.plan.wilayasTitle", unit) : nil,
                            columns: [.init(l, "tables.code"), .init(l, "tables.wilaya"), .init(l, "tables.before", numeric: true), .init(l, "tables.after", numeric: true),
                                      .init(l, "tables.change", numeric: true)],
                            rows: result.wilayas.filter { $0.before != $0.after || $0.after > 0 }.map { w in
                                [w.code, data.wilaya(w.code)?.name(language) ?? "", value(w.before), value(w.after), value(w.after - w.before)]
                            })
        let alternatives = Table(title: format == .table ? l.text("commands.plan.runnersUpTitle") : nil,
                                 columns: [.init(l, "tables.sites"), .init(l, "tables.covered_unit", unit, numeric: true)],
                                 rows: result.runnersUp.map { [$0.ids.joined(separator: " + "), value($0.value)] })
        let singles = Table(title: format == .table ? l.text("commands.plan.singlesTitle") : nil,
                            columns: [.init(l, "tables.id"), .init(l, "tables.gain_unit", unit, numeric: true)],
                            rows: result.singles.map { [$0.id, value($0.gain)] })
        let noEffect = Table(title: format == .table ? l.text("commands.plan.noEffectTitle", ["service": request.service.rawValue]) : nil,
                             columns: [.init(l, "tables.project"), .init(l, "tables.crossing"), .init(l, "tables.cost_dzd", measures: true), .init(l, "tables.why")],
                             rows: result.noEffect.map { [$0.project, $0.crossing, dzd($0.cost?.dzd, l), $0.reason.text(l)] })
        return ([selectedTable(result, data: data, format: format, l)] + PlanSidesTable.table(result, format: format) + [wilayas, alternatives, singles, noEffect])
            .map { $0.render(format, l, wide: wide) }.joined(separator: "\n")
    }

    /// The chosen options, with the totals before and after and the notes.
    static func selectedTable(_ result: PlanResult, data: AnalysisData, format: OutputFormat, _ l: Localizer) -> Table {
        let request = result.request
        let unit = ["unit": l.objectiveUnit(request.objective)]
        let d = decimals(request.objective)
        func value(_ v: Double) -> String { formatFixed(v, decimals: d) }
        func share(_ v: Double) -> String { result.demandTotal > 0 ? formatFixed(v / result.demandTotal * 100, decimals: 2) : "—" }
        let title = heading(result, l) + l.clauses
            + (request.objective == .population ? l.demandSummary(data.demandModel) + l.clauses : "")
            + (result.optimal ? l.text("commands.plan.optimal", ["nodes": l.integer(result.nodes)])
                : l.text("commands.plan.bestFound", ["gap": l.percent(result.gapPercent, decimals: 2)]))
        let spent = request.budget == nil ? dzd(used(result), l)
            : l.text("commands.plan.spentOf", ["used": dzd(used(result), l), "budget": dzd(request.budget, l)])
        return Table(title: format == .table ? title : nil,
                     columns: [.init(l, "tables.rank", numeric: true), .init(l, "tables.id"), .init(l, "tables.option", priority: 3), .init(l, "tables.site"),
                               .init(l, "tables.wilaya_code", priority: 4), .init(l, "tables.wilaya", priority: 2), .init(l, "tables.partner", priority: 5),
                               .init(l, "tables.cost_dzd", measures: true, priority: 1),
                               .init(l, "tables.marginal_unit", unit, numeric: true), .init(l, "tables.cumulative_unit", unit, numeric: true),
                               .init(l, "tables.share_pct", numeric: true)],
                     rows: result.selected.map { pick in
                         [String(pick.rank), pick.site.id, optionName(pick.kind, l) + (pick.projects.isEmpty ? "" : " (\(pick.projects.joined(separator: ", ")))"),
                          pick.site.name, pick.wilaya ?? "—", pick.wilaya.flatMap { data.wilaya($0)?.name(l.language) } ?? "—",
                          l.name(pick.site.partner), dzd(pick.cost, l), value(pick.marginal), value(pick.cumulative), share(pick.cumulative)]
                     },
                     footer: ["", "", "", l.text("commands.plan.beforeAfter"), "", "", "", spent, value(result.coveredAfter - result.coveredBefore),
                              "\(value(result.coveredBefore)) → \(value(result.coveredAfter))", "\(share(result.coveredBefore)) → \(share(result.coveredAfter))"],
                     notes: format == .table ? notes(result, l) : [])
    }

    /// The notes under the chosen options: stop, budget, demand total and greedy, service and candidates.
    static func notes(_ result: PlanResult, _ l: Localizer) -> [String] {
        let request = result.request
        let unit = l.objectiveUnit(request.objective)
        func value(_ v: Double) -> String { l.number(v, decimals: decimals(request.objective)) }
        let greedyTail = result.target.map {
            $0.byCost ? l.text("commands.plan.greedyCost", ["cost": l.number($0.greedyCost, decimals: 0)])
                : l.text("commands.plan.greedyCount", ["count": String(result.greedy.ids.count)])
        } ?? "."
        var lists: [String] = []
        if !request.exclude.isEmpty { lists.append(l.text("commands.plan.excluded", ["ids": request.exclude.joined(separator: ", ")])) }
        if !request.excludePartners.isEmpty {
            lists.append(l.text("commands.plan.excludedPartners", ["partners": request.excludePartners.map { l.name($0) }.joined(separator: ", ")]))
        }
        if !request.require.isEmpty { lists.append(l.text("commands.plan.required", ["ids": request.require.joined(separator: ", ")])) }
        if !result.unknownCost.isEmpty { lists.append(l.text("commands.plan.unknownCostIds", ["ids": result.unknownCost.joined(separator: ", ")])) }
        return (result.stopNote.map { [l.text("commands.plan.stops", ["count": String(result.selected.count), "why": $0.text(l)])] } ?? [])
            + (request.travel.map { [$0.summary(l)] } ?? [])
            + budgetLines(result, l)
            + [l.text("commands.plan.greedy", ["total": value(result.demandTotal), "unit": unit, "ids": result.greedy.ids.joined(separator: ", "),
                                               "value": value(result.greedy.value)]) + greedyTail,
               ([l.text("commands.plan.service", ["service": l.name(request.service), "rule": l.serviceRule(request.service),
                                                  "count": String(result.candidates.count)])] + lists).joined(separator: l.clauses)]
    }

    /// An option's kind in the reader's language.
    static func optionName(_ kind: OptionKind, _ l: Localizer) -> String {
        switch kind {
        case .openPlanned: return l.text("commands.option.openPlanned")
        case .reopen: return l.text("commands.option.reopen")
        case .addTraffic: return l.text("commands.option.addTraffic")
        case .makePermanent: return l.text("commands.option.makePermanent")
        case .newPost: return l.text("commands.option.newPost")
        }
    }

    /// The budget, used and left, with its conversion.
    static func budgetLines(_ result: PlanResult, _ l: Localizer) -> [String] {
        guard let budget = result.request.budget else { return [] }
        let used = used(result)
        func shown(_ amount: Double) -> String { l.displayNumbers(in: dzd(amount, l)) }
        return [l.text("commands.plan.budget", ["budget": shown(budget), "note": result.request.budgetNote.map { " (\($0))" } ?? "",
                                                 "used": shown(used), "left": shown(budget - used)])]
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

    public static func render(baseline: CoverageResult, scenarios: [Entry], data: AnalysisData, format: OutputFormat, language: Language, wide: Bool = false) -> String {
        if format == .json { return json(baseline: baseline, scenarios: scenarios, data: data, language: language).prettySerialized() + "\n" }
        let l = Localizer(language)
        return scenarios.flatMap { entry in
            [wilayaTable(baseline: baseline, entry: entry, data: data, format: format, l).render(format, l, wide: wide),
             borderTable(baseline: baseline, entry: entry, format: format, l).render(format, l, wide: wide)]
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
    static func wilayaTable(baseline: CoverageResult, entry: Entry, data: AnalysisData, format: OutputFormat, _ l: Localizer) -> Table {
        func signed(_ v: Double, _ d: Int) -> String { (v > 0 ? "+" : "") + formatFixed(v, decimals: d) }
        let rows = zip(baseline.wilayas, entry.result.wilayas).compactMap { before, after -> [String]? in
            let area = after.coveredAreaKm2 - before.coveredAreaKm2, population = after.coveredPopulation - before.coveredPopulation
            let border = after.coveredBorderKm - before.coveredBorderKm
            guard abs(area) > 0.05 || population != 0 || abs(border) > 0.05 else { return nil }
            return [before.code, data.wilaya(before.code)?.name(l.language) ?? "",
                    "\(formatFixed(before.coveredAreaKm2, decimals: 0)) → \(formatFixed(after.coveredAreaKm2, decimals: 0))", signed(area, 0),
                    "\(before.coveredPopulation) → \(after.coveredPopulation)", (population > 0 ? "+" : "") + String(population),
                    "\(formatFixed(before.coveredBorderKm, decimals: 1)) → \(formatFixed(after.coveredBorderKm, decimals: 1))", signed(border, 1)]
        }
        return Table(title: format == .table ? l.text("commands.compare.title", ["name": entry.name, "radius": l.kmUpTo(baseline.radiusKm, decimals: 3),
                                                                                "demand": l.demandSummary(data.demandModel)]) : nil,
                     columns: [.init(l, "tables.code"), .init(l, "tables.wilaya"), .init(l, "tables.covered_area_km2", numeric: true, priority: 2),
                               .init(l, "tables.delta_km2", numeric: true), .init(l, "tables.covered_population_change", numeric: true, priority: 1),
                               .init(l, "tables.delta_population", numeric: true), .init(l, "tables.covered_border_change_km", numeric: true, priority: 3),
                               .init(l, "tables.delta_km", numeric: true)],
                     rows: rows, notes: rows.isEmpty && format == .table ? [l.text("commands.compare.noChange")] : [])
    }

    /// Covered length and gaps per border, before and after.
    static func borderTable(baseline: CoverageResult, entry: Entry, format: OutputFormat, _ l: Localizer) -> Table {
        let rows = Partner.allCases.map { country -> [String] in
            let beforeGaps = baseline.gaps.filter { $0.border == country }, afterGaps = entry.result.gaps.filter { $0.border == country }
            let before = gapKm(baseline, country), after = gapKm(entry.result, country)
            func gaps(_ count: Int, _ km: Double) -> String { l.text("commands.compare.gaps", ["count": String(count), "km": l.km(km, decimals: 1)]) }
            return [l.name(country), formatFixed(borderCovered(baseline, country), decimals: 1), formatFixed(borderCovered(entry.result, country), decimals: 1),
                    gaps(beforeGaps.count, before), gaps(afterGaps.count, after),
                    after < before - 0.05 ? l.text("commands.compare.gapsClose", ["km": l.km(before - after, decimals: 1)])
                        : after > before + 0.05 ? l.text("commands.compare.gapsOpen", ["km": l.km(after - before, decimals: 1)]) : ""]
        }
        return Table(title: format == .table ? l.text("commands.compare.bordersTitle") : nil,
                     columns: [.init(l, "tables.border"), .init(l, "tables.covered_before_km", numeric: true), .init(l, "tables.covered_after_km", numeric: true),
                               .init(l, "tables.gaps_before", priority: 2), .init(l, "tables.gaps_after", priority: 1), .init(l, "tables.change")],
                     rows: rows)
    }
}
