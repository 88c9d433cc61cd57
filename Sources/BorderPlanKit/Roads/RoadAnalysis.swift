import Foundation
import Geo

/// One band of an isochrone: the area reached within `minutes` and not within the previous band.
public struct IsochroneBand {
    public var minutes: Double
    public var band: Geometry
    public var bandAreaKm2: Double
    /// Everything reached within `minutes` (this band and the ones before), clipped to Algeria.
    public var reachAreaKm2: Double
    /// Population (demand model) reached within `minutes`.
    public var population: Int
}

/// The travel-time analyses of `catchment --minutes`, `catchment --mode nearest --roads` and
/// `coverage --minutes`: the one application layer the CLI (and any other front end) calls.
public enum RoadAnalysis {
    /// Isochrones of `site`, one band per limit, clipped to Algeria.
    public static func isochrones(_ data: AnalysisData, roads: RoadSetup, site: Site, minutes: [Double]) throws -> [IsochroneBand] {
        let origins = roads.origins([site])
        let outline = try data.geodata.outline().geometry
        let bands = try Isochrones.bands(roads.network, origins: origins, limitsSeconds: minutes.map { $0 * 60 }, clip: outline, context: data.context)
        let times = roads.network.times(from: origins, limitSeconds: (minutes.max() ?? 0) * 60)
        let points = try data.population().points
        let arrival = points.map { roads.network.time(to: $0.location, times: times, origins: origins)?.seconds ?? .infinity }
        return try bands.map { limit, reach, band in
            let population = zip(points, arrival).filter { $0.1 <= limit }.reduce(0) { $0 + $1.0.population }
            return IsochroneBand(minutes: limit / 60, band: band, bandAreaKm2: try Geodesic.wgs84.area(of: band) / 1e6,
                                 reachAreaKm2: try Geodesic.wgs84.area(of: reach) / 1e6, population: population)
        }
    }

    /// Travel-time service areas: each demand point goes to the serving crossing it reaches first
    /// (one multi-source Dijkstra); rows by crossing, in the order of `sites`.
    public static func serviceAreas(_ data: AnalysisData, roads: RoadSetup, sites: [Site], service: Service) throws -> RoadServiceAreas {
        let open = data.servingSites(sites, service)
        let origins = roads.origins(open)
        let times = roads.network.times(from: origins)
        var rows = open.map { RoadServiceAreas.Row(id: $0.id, population: 0, points: 0, personSeconds: 0, maxSeconds: 0) }
        var unreached = 0
        for point in try data.population().points {
            guard let best = roads.network.time(to: point.location, times: times, origins: origins) else { unreached += point.population; continue }
            rows[best.origin].population += point.population
            rows[best.origin].points += 1
            rows[best.origin].personSeconds += Double(point.population) * best.seconds
            rows[best.origin].maxSeconds = max(rows[best.origin].maxSeconds, best.seconds)
        }
        return RoadServiceAreas(rows: rows, unreachedPopulation: unreached, service: service)
    }

    /// Coverage of the border wilayas in minutes: covered population (demand points reached within
    /// the limit), covered border km (edges whose midpoint is reached), covered area (the wilaya ∩
    /// the isochrone of every serving crossing), the quickest crossing from the main town, and gaps.
    /// `zone`: that isochrone when the caller has it already (clipped to Algeria or not: the same within a wilaya).
    public static func coverage(_ data: AnalysisData, roads: RoadSetup, sites: [Site], service: Service, minutes: Double,
                                zone known: Geometry? = nil) throws -> RoadCoverageResult {
        let open = data.servingSites(sites, service)
        let origins = roads.origins(open)
        let limit = minutes * 60
        let times = roads.network.times(from: origins, limitSeconds: limit)
        func reached(_ point: Coordinate) -> Bool { (roads.network.time(to: point, times: times, origins: origins)?.seconds ?? .infinity) <= limit }
        let allTimes = roads.network.times(from: origins)
        let zone = try known ?? Isochrones.reach(roads.network, times: times, origins: origins, limitSeconds: limit, context: data.context)
        let coveredEdge = data.edges.map { reached($0.midpoint) }
        let points = try data.population().points
        let coveredPoint = points.map { reached($0.location) }
        var wilayas: [RoadCoverageResult.Wilaya] = []
        for code in data.borderWilayaCodes {
            guard let wilaya = data.wilaya(code) else { continue }
            var row = RoadCoverageResult.Wilaya(code: code, areaKm2: wilaya.areaKm2)
            if !zone.isEmpty, try zone.intersects(wilaya.geometry) {
                let covered = try WilayaClipper.intersection(of: wilaya.geometry, with: zone)
                row.covered = covered
                row.coveredAreaKm2 = min(wilaya.areaKm2, try Geodesic.wgs84.area(of: covered) / 1e6)
            }
            for (index, point) in points.enumerated() where point.wilaya == code {
                row.population += point.population
                if coveredPoint[index] { row.coveredPopulation += point.population }
            }
            for (index, edge) in data.edges.enumerated() where edge.wilaya == code {
                row.borderKm += edge.lengthKm
                if coveredEdge[index] { row.coveredBorderKm += edge.lengthKm }
            }
            if let town = try data.mainTown(of: code), let best = roads.network.time(to: town.location, times: allTimes, origins: origins) {
                row.quickest = (origins[best.origin].id, best.seconds / 60)
            }
            wilayas.append(row)
        }
        return RoadCoverageResult(minutes: minutes, service: service, open: open.map(\.id), wilayas: wilayas,
                                  gaps: try CoverageAnalysis(data: data).gaps(coveredEdge: coveredEdge))
    }
}

/// The answer of `catchment --mode nearest --roads`.
public struct RoadServiceAreas {
    public struct Row: Sendable, Equatable {
        public var id: String
        public var population: Int
        public var points: Int
        /// Σ population × seconds, for the population-weighted mean.
        public var personSeconds: Double
        public var maxSeconds: Double
        public var meanMinutes: Double? { population > 0 ? personSeconds / Double(population) / 60 : nil }
    }

    public var rows: [Row]
    /// Population no crossing reaches (no road and no off-road way: an empty network and no crossing).
    public var unreachedPopulation: Int
    public var service: Service
}

/// The answer of `coverage --minutes`.
public struct RoadCoverageResult {
    public struct Wilaya {
        public var code: String
        public var areaKm2: Double
        public var coveredAreaKm2 = 0.0
        public var population = 0
        public var coveredPopulation = 0
        public var borderKm = 0.0
        public var coveredBorderKm = 0.0
        /// The serving crossing reached first from the main town, and the time in minutes.
        public var quickest: (id: String, minutes: Double)?
        /// The covered part of the wilaya (nil: nothing covered), longitude/latitude.
        public var covered: Geometry?
    }

    public var minutes: Double
    public var service: Service
    public var open: [String]
    public var wilayas: [Wilaya]
    public var gaps: [CoverageGap]
}
