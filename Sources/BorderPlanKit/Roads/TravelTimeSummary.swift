import Foundation
import Geo

/// What a run says about its road inputs: the file with its size and date, the speed table, the
/// off-road speed and the entry delays (the report's source sentence, the server's description).
public struct RoadDescription: Sendable {
    public var file: String
    public var bytes: Int64
    /// The file's modification date: the vintage of an extract downloaded as it is.
    public var modified: Date
    public var speedsFile: String
    /// Road classes the speed table lists (besides `default` and `offroad`).
    public var speedClasses: Int
    public var offroadKmh: Double
    public var entryDelaysFile: String?

    /// Describes `inputs` as loaded in `setup`; the speed table defaults to the data folder's.
    public static func of(_ inputs: RoadInputs, setup: RoadSetup, dataDirectory: URL) throws -> RoadDescription {
        let attributes = try FileManager.default.attributesOfItem(atPath: inputs.roads.path)
        return RoadDescription(file: inputs.roads.path, bytes: (attributes[.size] as? NSNumber)?.int64Value ?? 0,
                               modified: attributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0),
                               speedsFile: inputs.speedsURL(dataDirectory: dataDirectory).path,
                               speedClasses: setup.network.speeds.classes.count, offroadKmh: setup.network.speeds.offroadKmh,
                               entryDelaysFile: inputs.entryDelays?.path)
    }

    /// The modification day (UTC) as a partial date, for the localised date formats.
    public var modifiedDay: PartialDate {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: modified)
        return PartialDate(year: parts.year ?? 1970, month: parts.month, day: parts.day)
    }
}

/// The travel-time figures of a report or a server: coverage of the border wilayas within each
/// limit, and the isochrone bands of all the serving crossings together (clipped to Algeria).
public struct TravelTimeSummary {
    public var minutes: [Double]
    /// One coverage per limit, in the order of `minutes`.
    public var coverage: [RoadCoverageResult]
    /// One band per limit: reached within it and not within the previous one.
    public var bands: [(limit: Double, reach: Geometry, band: Geometry)]
    public var description: RoadDescription
}

extension RoadAnalysis {
    /// Coverage within each of `minutes` and the bands of the serving crossings' isochrones.
    public static func summary(_ data: AnalysisData, roads: RoadSetup, description: RoadDescription, sites: [Site], service: Service,
                               minutes: [Double]) throws -> TravelTimeSummary {
        let sorted = minutes.sorted()
        let origins = roads.origins(data.servingSites(sites, service))
        let bands = try Isochrones.bands(roads.network, origins: origins, limitsSeconds: sorted.map { $0 * 60 },
                                         clip: try data.geodata.outline().geometry, context: data.context)
        // Each limit's reach is its band's: the isochrone is built once.
        let coverage = try zip(sorted, bands).map { limit, band in
            try Self.coverage(data, roads: roads, sites: sites, service: service, minutes: limit, zone: band.reach)
        }
        return TravelTimeSummary(minutes: sorted, coverage: coverage, bands: bands, description: description)
    }
}

extension RoadAnalysis {
    /// Whether each demand point is reached within `minutes` from the crossings serving `service`
    /// (by road, off-road at both ends), in the order of the demand model's points.
    public static func reachedPoints(_ data: AnalysisData, roads: RoadSetup, sites: [Site], service: Service, minutes: Double) throws -> [Bool] {
        let origins = roads.origins(data.servingSites(sites, service))
        let limit = minutes * 60
        let times = roads.network.times(from: origins, limitSeconds: limit)
        return try data.population().points.map { (roads.network.time(to: $0.location, times: times, origins: origins)?.seconds ?? .infinity) <= limit }
    }

    /// `coverage --roads FILE --minutes T --by commune|daira`: the sums of `UnitCoverage` with
    /// "reached within T" as the rule.
    public static func unitCoverage(_ data: AnalysisData, roads: RoadSetup, sites: [Site], service: Service, minutes: Double,
                                    by unit: CoverageUnit) throws -> [UnitCoverageRow] {
        let reached = try reachedPoints(data, roads: roads, sites: sites, service: service, minutes: minutes)
        return try UnitCoverage.compute(data, by: unit) { reached[$0] }
    }
}
