import BorderPlanKit
import Foundation
import Geo

/// The collections of a server started with `--roads`: `isochrones` (one feature per serving
/// crossing and band) and `travel-time-coverage` (one feature per border wilaya and limit, its
/// covered part as geometry). Without roads neither exists.
extension FeatureCatalog {
    /// Loads the geodata like `load`, then adds the travel-time collections when `roads` gives a network.
    public static func load(dataDirectory: URL?, radiusKm: Double, service: Service = .default, minutes: [Double],
                            roads: (AnalysisData) throws -> RoadSetup?) throws -> FeatureCatalog {
        let geodata = Geodata(directory: dataDirectory ?? Geodata.defaultDirectory())
        let data = try analysisData(geodata)
        var extra = [try borderSegments(geodata), try committees(data)]
        if let setup = try roads(data) { extra += try travelTime(data, roads: setup, minutes: minutes, service: service) }
        return try FeatureCatalog(layers: try exportLayers(data, radiusKm: radiusKm, service: service), extra: extra, radiusKm: radiusKm)
    }

    /// `isochrones` and `travel-time-coverage` over `roads` within each of `minutes`.
    public static func travelTime(_ data: AnalysisData, roads: RoadSetup, minutes: [Double], service: Service) throws -> [ServedCollection] {
        [try isochrones(data, roads: roads, minutes: minutes, service: service), try travelTimeCoverage(data, roads: roads, minutes: minutes, service: service)]
    }

    /// Each serving crossing's isochrone bands, clipped to Algeria; id `crossing-minutes`.
    static func isochrones(_ data: AnalysisData, roads: RoadSetup, minutes: [Double], service: Service) throws -> ServedCollection {
        let columns = [ExportColumn("crossing", .text), ExportColumn("minutes_from", .real), ExportColumn("minutes", .real),
                       ExportColumn("area_km2", .real), ExportColumn("population", .integer)]
        var features: [OutputFeature] = []
        for site in data.servingSites(Scenario.sites(data.knowledge, scenario: nil), service) {
            var from = 0.0
            for band in try RoadAnalysis.isochrones(data, roads: roads, site: site, minutes: minutes) {
                features.append(OutputFeature(id: "\(site.id)-\(formatNumber(band.minutes, decimals: 3))", geometry: try band.band.promotedToMulti(), properties: [
                    JSONMember("crossing", .string(site.id)), JSONMember("minutes_from", .number(from, decimals: 3)),
                    JSONMember("minutes", .number(band.minutes, decimals: 3)), JSONMember("area_km2", .number(band.bandAreaKm2, decimals: 3)),
                    JSONMember("population", .int(band.population)),
                ]))
                from = band.minutes
            }
        }
        return try collection("isochrones", "Isochrones by road of each crossing serving \(service.rawValue): one band per time limit (\(minutesList(minutes)) min), clipped to Algeria",
                              columns, features)
    }

    /// Each border wilaya's coverage within each limit by the serving crossings; id `code-minutes`.
    static func travelTimeCoverage(_ data: AnalysisData, roads: RoadSetup, minutes: [Double], service: Service) throws -> ServedCollection {
        let columns = [ExportColumn("wilaya", .text), ExportColumn("minutes", .real), ExportColumn("population", .integer),
                       ExportColumn("covered_population", .integer), ExportColumn("border_km", .real), ExportColumn("covered_border_km", .real),
                       ExportColumn("area_km2", .real), ExportColumn("covered_area_km2", .real), ExportColumn("quickest_crossing", .text),
                       ExportColumn("quickest_minutes", .real)]
        let sites = Scenario.sites(data.knowledge, scenario: nil)
        var features: [OutputFeature] = []
        for limit in minutes {
            let result = try RoadAnalysis.coverage(data, roads: roads, sites: sites, service: service, minutes: limit)
            for row in result.wilayas {
                features.append(OutputFeature(id: "\(row.code)-\(formatNumber(limit, decimals: 3))", geometry: try row.covered?.promotedToMulti(), properties: [
                    JSONMember("wilaya", .string(row.code)), JSONMember("minutes", .number(limit, decimals: 3)), JSONMember("population", .int(row.population)),
                    JSONMember("covered_population", .int(row.coveredPopulation)), JSONMember("border_km", .number(row.borderKm, decimals: 3)),
                    JSONMember("covered_border_km", .number(row.coveredBorderKm, decimals: 3)), JSONMember("area_km2", .number(row.areaKm2, decimals: 3)),
                    JSONMember("covered_area_km2", .number(row.coveredAreaKm2, decimals: 3)), JSONMember("quickest_crossing", .optional(row.quickest?.id)),
                    JSONMember("quickest_minutes", row.quickest.map { .number($0.minutes, decimals: 3) } ?? .null),
                ]))
            }
        }
        return try collection("travel-time-coverage", "Coverage of each border wilaya within \(minutesList(minutes)) min by road of the crossings serving \(service.rawValue)",
                              columns, features)
    }

    static func minutesList(_ minutes: [Double]) -> String { minutes.map { formatNumber($0, decimals: 3) }.joined(separator: ", ") }
}
