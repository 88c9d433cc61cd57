import Foundation

/// The plan's gain on each side of the border (`plan --side partner|both`, `--objective corridor`).
enum PlanSidesTable {
    /// One row per chosen option: its gain on the Algerian side and on the partner side; empty
    /// when the demand has no partner side.
    static func table(_ result: PlanResult, format: OutputFormat) -> [Table] {
        guard result.selected.contains(where: { $0.sides != nil }) else { return [] }
        let request = result.request
        let what = request.objective == .corridor
            ? "partner towns ≥ \(PlanRequest.corridorTown.minimum) within \(formatNumber(request.corridorKm, decimals: 3)) km (corridor)"
            : "population within \(formatNumber(request.radiusKm, decimals: 3)) km, side \(request.side)"
        let rows = result.selected.map { pick in
            [String(pick.rank), pick.site.id, pick.site.partner.rawValue,
             formatFixed(pick.sides?.dz ?? 0, decimals: 0), formatFixed(pick.sides?.partner ?? 0, decimals: 0)]
        }
        return [Table(title: format == .table ? "Gain of each option on each side of the border: \(what)" : nil,
                      columns: [.init("rank", numeric: true), .init("id"), .init("partner"), .init("Algerian side", numeric: true), .init("partner side", numeric: true)],
                      rows: rows,
                      footer: ["", "", "", formatFixed(result.selected.reduce(0) { $0 + ($1.sides?.dz ?? 0) }, decimals: 0),
                               formatFixed(result.selected.reduce(0) { $0 + ($1.sides?.partner ?? 0) }, decimals: 0)])]
    }
}
