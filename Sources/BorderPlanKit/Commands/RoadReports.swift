import Foundation
import Geo

/// Rendering of the travel-time results (`catchment --minutes`, `catchment --mode nearest
/// --roads`, `coverage --minutes`); words from the catalogue's `roads` domain.
public enum RoadReports {
    static func minutesText(_ value: Double) -> String { formatNumber(value, decimals: 1) }

    /// `catchment ID --roads FILE --minutes …`.
    public static func isochrones(_ bands: [IsochroneBand], site: Site, roads: RoadSetup, format: OutputFormat, language: Language) -> String {
        let l = Localizer(language)
        if format == .json {
            return JSONValue.object([
                "crossing": .string(site.id), "roads": .string(roads.network.file),
                "offroad_kmh": .number(roads.network.speeds.offroadKmh, decimals: 3),
                "entry_delay_min": .number(roads.delays.minutes(for: site.id), decimals: 3),
                "bands": .array(bands.map { band in
                    .object(["minutes": .number(band.minutes, decimals: 3), "band_area_km2": .number(band.bandAreaKm2, decimals: 1),
                             "reach_area_km2": .number(band.reachAreaKm2, decimals: 1), "population": .int(band.population)])
                }),
            ]).prettySerialized() + "\n"
        }
        let title = l.text("roads.isochrones.title", ["site": site.name, "id": site.id, "file": roads.network.file,
                                                      "speed": formatNumber(roads.network.speeds.offroadKmh, decimals: 1)])
        return Table(title: format == .table ? title : nil,
                     columns: [.init(l, "roads.isochrones.within", numeric: true), .init(l, "roads.isochrones.bandArea", numeric: true),
                               .init(l, "roads.isochrones.reachArea", numeric: true), .init(l, "roads.isochrones.population", numeric: true)],
                     rows: bands.map { [minutesText($0.minutes), formatFixed($0.bandAreaKm2, decimals: 1), formatFixed($0.reachAreaKm2, decimals: 1), String($0.population)] },
                     notes: format == .table ? [l.text("roads.isochrones.note", ["minutes": minutesText(roads.delays.minutes(for: site.id))])] : []).render(format)
    }

    /// The isochrone bands as a GeoJSON layer (one feature per band).
    public static func isochroneLayer(_ bands: [IsochroneBand], site: Site) throws -> String {
        var from = 0.0
        let features = bands.map { band -> OutputFeature in
            defer { from = band.minutes }
            return OutputFeature(id: "\(site.id)-\(formatNumber(band.minutes, decimals: 3))", geometry: band.band, properties: [
                JSONMember("crossing", .string(site.id)), JSONMember("minutes_from", .number(from, decimals: 3)),
                JSONMember("minutes_to", .number(band.minutes, decimals: 3)), JSONMember("area_km2", .number(band.bandAreaKm2, decimals: 1)),
            ])
        }
        return try GeoJSONWriter.featureCollection(features)
    }

    /// `catchment --mode nearest --roads FILE`.
    public static func serviceAreas(_ result: RoadServiceAreas, data: AnalysisData, format: OutputFormat, language: Language) -> String {
        let l = Localizer(language)
        if format == .json {
            return JSONValue.object([
                "service": .string(result.service.rawValue), "demand_model": .string(data.demandModel.rawValue),
                "unreached_population": .int(result.unreachedPopulation),
                "crossings": .array(result.rows.map { row in
                    .object(["id": .string(row.id), "population": .int(row.population), "points": .int(row.points),
                             "mean_minutes": .rounded(row.meanMinutes, 1), "max_minutes": .number(row.maxSeconds / 60, decimals: 1)])
                }),
            ]).prettySerialized() + "\n"
        }
        let title = l.text("roads.service.title", ["service": l.name(result.service), "model": data.demandModel.summary])
        return Table(title: format == .table ? title : nil,
                     columns: [.init(l, "roads.service.crossing"), .init(l, "roads.service.population", numeric: true),
                               .init(l, "roads.service.points", numeric: true), .init(l, "roads.service.mean", numeric: true),
                               .init(l, "roads.service.longest", numeric: true)],
                     rows: result.rows.map { [$0.id, String($0.population), String($0.points), $0.meanMinutes.map { minutesText($0) } ?? "—", minutesText($0.maxSeconds / 60)] },
                     footer: [l.text("roads.service.total"), String(result.rows.reduce(0) { $0 + $1.population }), String(result.rows.reduce(0) { $0 + $1.points }), "", ""],
                     notes: result.unreachedPopulation > 0 ? [l.text("roads.service.unreached", ["population": String(result.unreachedPopulation)])] : []).render(format)
    }

    /// `coverage --roads FILE --minutes T`.
    public static func coverage(_ result: RoadCoverageResult, data: AnalysisData, format: OutputFormat, language: Language) -> String {
        func pct(_ part: Double, _ whole: Double) -> String { whole > 0 ? formatFixed(part / whole * 100, decimals: 1) : "—" }
        if format == .json { return coverageJSON(result, data: data, language: language).prettySerialized() + "\n" }
        let l = Localizer(language)
        let title = l.text("roads.coverage.title", ["minutes": minutesText(result.minutes), "count": String(result.open.count),
                                                    "service": l.name(result.service), "model": data.demandModel.summary])
        let numeric = ["roads.coverage.area", "roads.coverage.coveredArea", "roads.coverage.areaPercent", "roads.coverage.population",
                       "roads.coverage.coveredPopulation", "roads.coverage.populationPercent", "roads.coverage.borderKm",
                       "roads.coverage.coveredKm", "roads.coverage.borderPercent"].map { Table.Column(l, $0, numeric: true) }
        let table = Table(
            title: format == .table ? title : nil,
            columns: [.init(l, "roads.coverage.code"), .init(l, "roads.coverage.wilaya")] + numeric + [.init(l, "roads.coverage.quickest")],
            rows: result.wilayas.map { w in
                [w.code, data.wilaya(w.code)?.name(language) ?? "", formatFixed(w.areaKm2, decimals: 0), formatFixed(w.coveredAreaKm2, decimals: 0), pct(w.coveredAreaKm2, w.areaKm2),
                 String(w.population), String(w.coveredPopulation), pct(Double(w.coveredPopulation), Double(w.population)),
                 formatFixed(w.borderKm, decimals: 1), formatFixed(w.coveredBorderKm, decimals: 1), pct(w.coveredBorderKm, w.borderKm),
                 w.quickest.map { "\($0.id) \(formatFixed($0.minutes, decimals: 0))" } ?? "—"]
            })
        let gaps = Table(title: format == .table ? l.text("roads.gaps.title", ["minutes": minutesText(result.minutes)]) : nil,
                         columns: [.init(l, "roads.gaps.border"), .init(l, "roads.gaps.length", numeric: true), .init(l, "roads.gaps.wilayas")],
                         rows: result.gaps.map { [$0.border.rawValue, formatFixed($0.lengthKm, decimals: 1), $0.wilayas.joined(separator: ", ")] },
                         footer: [l.text("roads.gaps.count", ["count": String(result.gaps.count)]), formatFixed(result.gaps.reduce(0) { $0 + $1.lengthKm }, decimals: 1), ""])
        return table.render(format) + "\n" + gaps.render(format)
    }

    static func coverageJSON(_ result: RoadCoverageResult, data: AnalysisData, language: Language) -> JSONValue {
        .object([
            "minutes": .number(result.minutes, decimals: 3), "service": .string(result.service.rawValue),
            "demand_model": .string(data.demandModel.rawValue), "open": .array(result.open.map(JSONValue.string)),
            "wilayas": .array(result.wilayas.map { w in
                .object(["code": .string(w.code), "name": .optional(data.wilaya(w.code)?.name(language)),
                         "area_km2": .number(w.areaKm2, decimals: 1), "covered_area_km2": .number(w.coveredAreaKm2, decimals: 1),
                         "population": .int(w.population), "covered_population": .int(w.coveredPopulation),
                         "border_km": .number(w.borderKm, decimals: 1), "covered_border_km": .number(w.coveredBorderKm, decimals: 1),
                         "quickest_crossing": w.quickest.map { .object(["id": .string($0.id), "minutes": .number($0.minutes, decimals: 1)]) } ?? .null])
            }),
            "gaps": .array(result.gaps.map { gap in
                .object(["border": .string(gap.border.rawValue), "length_km": .number(gap.lengthKm, decimals: 1), "wilayas": .array(gap.wilayas.map(JSONValue.string))])
            }),
        ])
    }
}
