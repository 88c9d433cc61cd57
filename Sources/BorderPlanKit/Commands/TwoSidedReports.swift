import Foundation
import Geo

/// `coverage --side partner|both`: the partner side per partner, and both sides per border and per crossing.
public enum TwoSidedCoverageReport {
    public static func json(_ result: TwoSidedCoverageResult, data: AnalysisData, language: Language) -> JSONValue {
        let dz = result.side.countsAlgeria
        var members = [
            JSONMember("side", .string(result.side.rawValue)), JSONMember("radius_km", .number(result.radiusKm, decimals: 3)),
            JSONMember("service", .string(result.dz.service.rawValue)), JSONMember("open", .array(result.dz.open.map(JSONValue.string))),
            JSONMember("partners", .array(result.partners.map { p in
                .object(["partner": .string(p.partner.rawValue), "near_border_population": .int(p.nearBorderPopulation),
                         "covered_population": .int(p.coveredPopulation), "covered_pct": .rounded(p.coveredPercent, 2),
                         "covered_places": .int(p.coveredPlaces), "catchment_area_km2": .number(p.catchmentAreaKm2, decimals: 1)])
            })),
            JSONMember("borders", .array(result.borders.map { b in
                .object(["border": .string(b.border.rawValue), "dz_covered_population": dz ? .int(b.dzCovered) : .null,
                         "partner_covered_population": .int(b.partnerCovered)])
            })),
            JSONMember("crossings", .array(result.crossings.map { c in
                .object(["id": .string(c.id), "partner": .string(c.partner.rawValue), "dz_population": dz ? .int(c.dzPopulation) : .null,
                         "partner_population": .int(c.partnerPopulation), "partner_area_km2": .number(c.partnerAreaKm2, decimals: 1)])
            })),
        ]
        // The Algerian side per border wilaya: the members of `coverage --side dz`.
        if dz, case let .object(algerian) = CoverageReport.json(result.dz, data: data, language: language) {
            members += algerian.filter { ["demand_model", "wilayas"].contains($0.key) }
        }
        return .object(members)
    }

    public static func render(_ result: TwoSidedCoverageResult, data: AnalysisData, format: OutputFormat, language: Language) -> String {
        if format == .json { return json(result, data: data, language: language).prettySerialized() + "\n" }
        let radius = formatNumber(result.radiusKm, decimals: 3)
        var parts: [String] = []
        if result.side.countsAlgeria { parts.append(CoverageReport.render(result.dz, data: data, format: format, language: language)) }
        parts.append(partnerTable(result, format: format, radius: radius).render(format))
        parts.append(bordersTable(result, format: format, radius: radius).render(format))
        parts.append(crossingsTable(result, format: format, radius: radius).render(format))
        return parts.joined(separator: "\n")
    }

    /// The partner side, one row per partner.
    static func partnerTable(_ result: TwoSidedCoverageResult, format: OutputFormat, radius: String) -> Table {
        let rows = result.partners.map { p in
            [p.partner.rawValue, String(p.nearBorderPopulation), String(p.coveredPopulation), p.coveredPercent.map { formatFixed($0, decimals: 1) } ?? "—",
             String(p.coveredPlaces), formatFixed(p.catchmentAreaKm2, decimals: 0)]
        }
        return Table(title: format == .table ? "Partner side at \(radius) km: GeoNames places of each neighbour within \(radius) km of an open crossing with it; catchment = the discs clipped to the neighbour's polygon" : nil,
                     columns: [.init("partner"), .init("pop. ≤ R of the border", numeric: true), .init("covered pop.", numeric: true), .init("covered (%)", numeric: true),
                               .init("covered places", numeric: true), .init("catchment (km²)", numeric: true)],
                     rows: rows,
                     footer: ["all", String(result.partners.reduce(0) { $0 + $1.nearBorderPopulation }), String(result.partners.reduce(0) { $0 + $1.coveredPopulation }), "",
                              String(result.partners.reduce(0) { $0 + $1.coveredPlaces }), formatFixed(result.partners.reduce(0) { $0 + $1.catchmentAreaKm2 }, decimals: 0)])
    }

    /// Both sides per border.
    static func bordersTable(_ result: TwoSidedCoverageResult, format: OutputFormat, radius: String) -> Table {
        let dz = result.side.countsAlgeria
        let rows = result.borders.map { b in [b.border.rawValue, dz ? String(b.dzCovered) : "—", String(b.partnerCovered)] }
        return Table(title: format == .table ? "Covered population per border at \(radius) km: within \(radius) km of an open crossing on that border" : nil,
                     columns: [.init("border"), .init("Algerian side", numeric: true), .init("partner side", numeric: true)], rows: rows)
    }

    /// Both sides per open crossing.
    static func crossingsTable(_ result: TwoSidedCoverageResult, format: OutputFormat, radius: String) -> Table {
        let dz = result.side.countsAlgeria
        let rows = result.crossings.map { c in
            [c.id, c.partner.rawValue, dz ? String(c.dzPopulation) : "—", String(c.partnerPopulation), formatFixed(c.partnerAreaKm2, decimals: 0)]
        }
        return Table(title: format == .table ? "Each open crossing at \(radius) km, on both sides" : nil,
                     columns: [.init("crossing"), .init("partner"), .init("Algerian side", numeric: true), .init("partner side", numeric: true),
                               .init("partner catchment (km²)", numeric: true)], rows: rows)
    }
}
