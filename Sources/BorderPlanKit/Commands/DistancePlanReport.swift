import Foundation
import Geo

/// `borderplan plan --objective distance` (p-median).
public enum DistancePlanReport {
    public static func json(_ result: DistancePlanResult, demandModel: DemandModel?) -> JSONValue {
        let request = result.request
        return .object([
            "radius_km": .number(request.radiusKm, decimals: 3),
            "objective": .string(request.objective.rawValue),
            "model": .string("p-median"),
            "demand_model": request.demand == nil ? .optional(demandModel?.rawValue) : .null,
            "k": .int(request.k),
            "candidates": .array(result.candidates.map { .string($0.id) }),
            "selected": .array(result.selected.map { pick in
                .object(["id": .string(pick.site.id), "rank": .int(pick.rank), "saving": .number(pick.saving, decimals: 3),
                         "mean_km_after": .number(pick.meanAfter, decimals: 3), "name": .string(pick.site.name),
                         "wilaya": .optional(pick.wilaya), "partner": .string(pick.site.partner.rawValue),
                         "lat": .number(pick.site.location.lat, decimals: 6), "lon": .number(pick.site.location.lon, decimals: 6),
                         "cost": .rounded(pick.cost, 2)])
            }),
            "weighted_km_before": .rounded(result.totalBefore, 3),
            "weighted_km_after": .number(result.totalAfter, decimals: 3),
            "demand_total": .number(result.weightTotal, decimals: 3),
            "mean_km_before": .rounded(result.meanBefore, 3),
            "mean_km_after": .number(result.meanAfter, decimals: 3),
            "optimal": .bool(result.optimal),
            "gap_pct": .number(result.gapPercent, decimals: 2),
            "nodes": .int(result.nodes),
            "wilayas": .array(result.wilayas.map { w in
                .object(["code": .string(w.code), "demand": .number(w.weight, decimals: 3),
                         "mean_km_before": .rounded(w.meanBefore, 3), "mean_km_after": .number(w.meanAfter, decimals: 3),
                         "p90_km_before": .rounded(w.p90Before, 3), "p90_km_after": .number(w.p90After, decimals: 3)])
            }),
            "greedy": .object(["ids": .array(result.greedy.ids.map(JSONValue.string)), "weighted_km": .number(result.greedy.total, decimals: 3)]),
            "service": .string(request.service.rawValue),
            "excluded": .array(request.exclude.map(JSONValue.string)),
            "excluded_partners": .array(request.excludePartners.map { .string($0.rawValue) }),
            "required": .array(request.require.map(JSONValue.string)),
        ])
    }

    public static func render(_ result: DistancePlanResult, data: AnalysisData, format: OutputFormat, language: Language) -> String {
        if format == .json { return json(result, demandModel: data.demandModel).prettySerialized() + "\n" }
        let request = result.request
        func km(_ value: Double?) -> String { value.map { formatFixed($0, decimals: 1) } ?? "—" }
        let demand = request.demand == nil ? data.demandModel.summary : "demand layer weights"
        let title = "Plan: \(request.k) site(s) minimising the demand-weighted distance to the nearest crossing (p-median); \(demand); "
            + (result.optimal ? "optimal (proved, \(result.nodes) nodes)" : "best found, optimality gap ≤ \(formatFixed(result.gapPercent, decimals: 2)) %")
        let selected = Table(
            title: format == .table ? title : nil,
            columns: [.init("rank", numeric: true), .init("id"), .init("site"), .init("wilaya"), .init("partner"),
                      .init("saving (weight·km)", numeric: true), .init("mean distance after (km)", numeric: true)],
            rows: result.selected.map { pick in
                [String(pick.rank), pick.site.id, pick.site.name, pick.wilaya.map { "\($0) \(data.wilaya($0)?.name(language) ?? "")" } ?? "—",
                 pick.site.partner.rawValue, formatFixed(pick.saving, decimals: 0), km(pick.meanAfter)]
            },
            footer: ["", "", "mean distance before → after", "", "", formatFixed((result.totalBefore ?? result.totalAfter) - result.totalAfter, decimals: 0),
                     "\(km(result.meanBefore)) → \(km(result.meanAfter))"],
            notes: format == .table ? [
                "Greedy would pick \(result.greedy.ids.joined(separator: ", ")) for a mean of \(km(result.weightTotal > 0 ? result.greedy.total / result.weightTotal : nil)) km.",
                "Distances are geodesic (WGS84) from each demand point of the border wilayas to its nearest open or chosen crossing; candidates: \(result.candidates.count)"
                    + (request.excludePartners.isEmpty ? "" : "; excluded partners: \(request.excludePartners.map(\.rawValue).joined(separator: ", "))"),
            ] : [])
        let wilayas = Table(
            title: format == .table ? "Per border wilaya: distance to the nearest serving crossing (km), weighted by demand" : nil,
            columns: [.init("code"), .init("wilaya"), .init("demand", numeric: true), .init("mean before", numeric: true), .init("mean after", numeric: true),
                      .init("P90 before", numeric: true), .init("P90 after", numeric: true)],
            rows: result.wilayas.map { w in
                [w.code, data.wilaya(w.code)?.name(language) ?? "", formatFixed(w.weight, decimals: 0), km(w.meanBefore), km(w.meanAfter), km(w.p90Before), km(w.p90After)]
            })
        return [selected, wilayas].map { $0.render(format) }.joined(separator: "\n")
    }
}
