import Foundation
import Geo

/// `borderplan plan --objective distance` (p-median).
public enum DistancePlanReport {
    public static func json(_ result: DistancePlanResult, demandModel: DemandModel?) -> JSONValue {
        let request = result.request
        // In minutes (`--roads --minutes`) the same fields count travel minutes: "mean_minutes_after"…
        let u = request.travel == nil ? "km" : "minutes"
        return .object([
            "radius_km": request.travel == nil ? .number(request.radiusKm, decimals: 3) : .null,
            "travel": request.travel?.json ?? .null,
            "objective": .string(request.objective.rawValue),
            "model": .string("p-median"),
            "demand_model": request.demand == nil ? .optional(demandModel?.rawValue) : .null,
            "k": .int(request.k),
            "candidates": .array(result.candidates.map { .string($0.id) }),
            "selected": .array(result.selected.map { pick in
                .object(["id": .string(pick.site.id), "rank": .int(pick.rank), "saving": .number(pick.saving, decimals: 3),
                         "mean_\(u)_after": .number(pick.meanAfter, decimals: 3), "name": .string(pick.site.name),
                         "wilaya": .optional(pick.wilaya), "partner": .string(pick.site.partner.rawValue),
                         "lat": .number(pick.site.location.lat, decimals: 6), "lon": .number(pick.site.location.lon, decimals: 6),
                         "cost": .rounded(pick.cost, 2)])
            }),
            "weighted_\(u)_before": .rounded(result.totalBefore, 3),
            "weighted_\(u)_after": .number(result.totalAfter, decimals: 3),
            "demand_total": .number(result.weightTotal, decimals: 3),
            "mean_\(u)_before": .rounded(result.meanBefore, 3),
            "mean_\(u)_after": .number(result.meanAfter, decimals: 3),
            "optimal": .bool(result.optimal),
            "gap_pct": .number(result.gapPercent, decimals: 2),
            "nodes": .int(result.nodes),
            "wilayas": .array(result.wilayas.map { w in
                .object(["code": .string(w.code), "demand": .number(w.weight, decimals: 3),
                         "mean_\(u)_before": .rounded(w.meanBefore, 3), "mean_\(u)_after": .number(w.meanAfter, decimals: 3),
                         "p90_\(u)_before": .rounded(w.p90Before, 3), "p90_\(u)_after": .number(w.p90After, decimals: 3)])
            }),
            "greedy": .object(["ids": .array(result.greedy.ids.map(JSONValue.string)), "weighted_\(u)": .number(result.greedy.total, decimals: 3)]),
            "service": .string(request.service.rawValue),
            "excluded": .array(request.exclude.map(JSONValue.string)),
            "excluded_partners": .array(request.excludePartners.map { .string($0.rawValue) }),
            "required": .array(request.require.map(JSONValue.string)),
        ])
    }

    public static func render(_ result: DistancePlanResult, data: AnalysisData, format: OutputFormat, language: Language, wide: Bool = false) -> String {
        if format == .json { return json(result, demandModel: data.demandModel).prettySerialized() + "\n" }
        let l = Localizer(language)
        let request = result.request
        func km(_ value: Double?) -> String { value.map { formatFixed($0, decimals: 1) } ?? "—" }
        let demand = request.demand == nil ? l.demandSummary(data.demandModel) : l.text("commands.distancePlan.layer")
        let words = Words(request, l)
        let title = l.text(words.title, ["k": String(request.k), "demand": demand]) + l.clauses
            + (result.optimal ? l.text("commands.plan.optimal", ["nodes": l.integer(result.nodes)])
                : l.text("commands.plan.bestFound", ["gap": l.percent(result.gapPercent, decimals: 2)]))
        let greedyMean = result.weightTotal > 0 ? words.mean(result.greedy.total / result.weightTotal) : "—"
        let selected = Table(
            title: format == .table ? title : nil,
            columns: [.init(l, "tables.rank", numeric: true), .init(l, "tables.id"), .init(l, "tables.site"), .init(l, "tables.wilaya_code", priority: 3),
                      .init(l, "tables.wilaya", priority: 2), .init(l, "tables.partner", priority: 4),
                      .init(l, words.saving, numeric: true), .init(l, words.meanAfter, numeric: true)],
            rows: result.selected.map { pick in
                [String(pick.rank), pick.site.id, pick.site.name, pick.wilaya ?? "—", pick.wilaya.flatMap { data.wilaya($0)?.name(language) } ?? "—",
                 l.name(pick.site.partner), formatFixed(pick.saving, decimals: 0), km(pick.meanAfter)]
            },
            footer: ["", "", l.text(words.beforeAfter), "", "", "", formatFixed((result.totalBefore ?? result.totalAfter) - result.totalAfter, decimals: 0),
                     "\(km(result.meanBefore)) → \(km(result.meanAfter))"],
            notes: format == .table ? [
                l.text("commands.distancePlan.greedy", ["ids": result.greedy.ids.joined(separator: ", "), "mean": greedyMean]),
                request.travel.map { l.text("roadplan.pmedian.note", ["model": $0.summary(l), "count": String(result.candidates.count)]) }
                    ?? l.text("commands.distancePlan.note", ["count": String(result.candidates.count)])
                    + (request.excludePartners.isEmpty ? "" : l.clauses + l.text("commands.plan.excludedPartners", ["partners": request.excludePartners.map { l.name($0) }.joined(separator: ", ")])),
            ] : [])
        let wilayas = Table(
            title: format == .table ? l.text(words.wilayasTitle) : nil,
            columns: [.init(l, "tables.code"), .init(l, "tables.wilaya"), .init(l, "tables.demand", numeric: true), .init(l, "tables.mean_before", numeric: true),
                      .init(l, "tables.mean_after", numeric: true), .init(l, "tables.p90_before", numeric: true, priority: 2), .init(l, "tables.p90_after", numeric: true, priority: 1)],
            rows: result.wilayas.map { w in
                [w.code, data.wilaya(w.code)?.name(language) ?? "", formatFixed(w.weight, decimals: 0), km(w.meanBefore), km(w.meanAfter), km(w.p90Before), km(w.p90After)]
            })
        return [selected, wilayas].map { $0.render(format, l, wide: wide) }.joined(separator: "\n")
    }

    /// The catalogue keys of the words that differ between distances (km) and travel times (min).
    struct Words {
        var title = "commands.distancePlan.title"
        var saving = "tables.saving"
        var meanAfter = "tables.mean_after_km"
        var beforeAfter = "commands.distancePlan.beforeAfter"
        var wilayasTitle = "commands.distancePlan.wilayasTitle"
        let l: Localizer
        let minutes: Bool

        init(_ request: PlanRequest, _ l: Localizer) {
            self.l = l
            minutes = request.travel != nil
            guard minutes else { return }
            title = "roadplan.pmedian.title"
            saving = "roadplan.pmedian.saving"
            meanAfter = "roadplan.pmedian.meanAfter"
            beforeAfter = "roadplan.pmedian.beforeAfter"
            wilayasTitle = "roadplan.pmedian.wilayasTitle"
        }

        /// A mean distance ("12.5 km") or travel time ("12.5 min").
        func mean(_ value: Double) -> String {
            minutes ? l.text("roadplan.minutes", ["minutes": l.number(value, decimals: 1)]) : l.km(value, decimals: 1)
        }
    }
}
