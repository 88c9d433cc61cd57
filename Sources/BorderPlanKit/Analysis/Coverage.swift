import Foundation
import Geo

/// Coverage of one border wilaya at radius R.
public struct WilayaCoverage {
    public var code: String
    /// Land borders in the wilaya: (ISO-2, km), by border order.
    public var borders: [(country: Partner, km: Double)]
    public var areaKm2: Double
    public var coveredAreaKm2: Double
    public var population: Int
    public var coveredPopulation: Int
    public var borderKm: Double
    public var coveredBorderKm: Double
    /// The covered part of the wilaya (empty when none).
    public var coveredGeometry: Geometry?
    /// The nearest open crossing to the wilaya's main town.
    public var nearestCrossing: (id: String, distanceKm: Double)?

    public var areaPercent: Double { areaKm2 > 0 ? coveredAreaKm2 / areaKm2 * 100 : 0 }
    public var populationPercent: Double? { population > 0 ? Double(coveredPopulation) / Double(population) * 100 : nil }
    public var borderPercent: Double? { borderKm > 0 ? coveredBorderKm / borderKm * 100 : nil }
}

/// A stretch of border farther than R from every open crossing.
public struct CoverageGap {
    public var border: Partner
    public var lengthKm: Double
    /// Wilayas it crosses, by code.
    public var wilayas: [String]
    public var geometry: Geometry
}

/// The answer of `borderplan coverage`.
public struct CoverageResult {
    public var radiusKm: Double
    /// Ids of the open crossings, in knowledge-base order.
    public var open: [String]
    public var wilayas: [WilayaCoverage]
    public var gaps: [CoverageGap]
    /// The union of the open crossings' discs (longitude/latitude).
    public var coveredZone: Geometry
    /// Each open crossing's R km geodesic disc, unclipped, in the order of `open`: the maps draw these.
    public var discs: [Geometry]
    /// Indices (into `AnalysisData.places`) of the places within R km of an open crossing.
    public var coveredPlaces: Bitset
    /// The service whose serving crossings count as open (`--service`).
    public var service: Service = .default
}

/// Coverage of the border wilayas by the open crossings: the one definition that
/// `coverage`, `compare` and `plan` all use.
///
/// - covered area: wilaya ∩ the union of the R-km geodesic discs of the open crossings;
/// - covered population: the population points of the demand model (`DemandModel`) within R km (geodesic) of an open crossing;
/// - covered border km: land-border edges of ≤ 1 km whose midpoint is within R km of an open crossing;
/// - gaps: runs of uncovered edges along each border, merged into lines.
public struct CoverageAnalysis {
    public let data: AnalysisData

    public init(data: AnalysisData) {
        self.data = data
    }

    /// `deadline` (the plan's `--max-seconds`) is checked between the steps and the wilayas.
    public func run(sites: [Site], service: Service, radiusKm: Double, deadline: Deadline? = nil) throws -> CoverageResult {
        let context = data.context
        let open = data.servingSites(sites, service)
        let discs = try open.map { try data.disc(center: $0.location, radiusKm: radiusKm) }
        try deadline?.check("computing the baseline coverage (the discs)")
        let zone = discs.isEmpty ? try Geometry.empty(.multiPolygon, in: context) : try Geometry.union(of: discs, in: context)
        let preparedZone = try PreparedGeometry(zone)
        let zoneBox = zone.envelope

        let coveredEdges = data.edgeGrid.covered(by: open.map(\.location), radiusKm: radiusKm)
        let coveredPlaces = data.placeGrid.covered(by: open.map(\.location), radiusKm: radiusKm)
        let demand = try data.population(deadline: deadline)
        let coveredPoints = demand.grid.covered(by: open.map(\.location), radiusKm: radiusKm)
        let coveredEdge = data.edges.indices.map { coveredEdges.contains($0) }
        var wilayas: [WilayaCoverage] = []
        let borderOrder = Partner.allCases
        for code in data.borderWilayaCodes {
            try deadline?.check("computing the baseline coverage (wilaya \(code))")
            guard let wilaya = data.wilaya(code) else { continue }
            var coveredArea = 0.0
            var coveredGeometry: Geometry?
            if let box = zoneBox, let own = wilaya.geometry.envelope, box.minX <= own.maxX, own.minX <= box.maxX, box.minY <= own.maxY, own.minY <= box.maxY,
               try preparedZone.intersects(wilaya.geometry) {
                let part = try WilayaClipper.intersection(of: wilaya.geometry, with: zone)
                coveredGeometry = part
                coveredArea = try Geodesic.wgs84.area(of: part) / 1e6
            }
            let pointIndices = demand.points.indices.filter { demand.points[$0].wilaya == code }
            let points = pointIndices.map { demand.points[$0] }
            let covered = pointIndices.filter { coveredPoints.contains($0) }.map { demand.points[$0] }
            var perBorder: [Partner: Double] = [:]
            var borderKm = 0.0, coveredKm = 0.0
            for (index, edge) in data.edges.enumerated() where edge.wilaya == code {
                perBorder[edge.country, default: 0] += edge.lengthKm
                borderKm += edge.lengthKm
                if coveredEdge[index] { coveredKm += edge.lengthKm }
            }
            var nearest: (id: String, distanceKm: Double)?
            if let town = try data.mainTown(of: code) {
                nearest = open.map { (id: $0.id, distanceKm: Geodesic.wgs84.distance(town.location, $0.location) / 1_000) }
                    .min { ($0.distanceKm, $0.id) < ($1.distanceKm, $1.id) }
            }
            wilayas.append(WilayaCoverage(
                code: code,
                borders: borderOrder.compactMap { country in perBorder[country].map { (country, $0) } },
                areaKm2: wilaya.areaKm2, coveredAreaKm2: min(coveredArea, wilaya.areaKm2),
                population: points.reduce(0) { $0 + $1.population }, coveredPopulation: covered.reduce(0) { $0 + $1.population },
                borderKm: borderKm, coveredBorderKm: coveredKm, coveredGeometry: coveredGeometry, nearestCrossing: nearest))
        }
        return CoverageResult(radiusKm: radiusKm, open: open.map(\.id), wilayas: wilayas,
                              gaps: try gaps(coveredEdge: coveredEdge), coveredZone: zone, discs: discs, coveredPlaces: coveredPlaces, service: service)
    }

    /// Runs of uncovered edges, merged per border into lines.
    func gaps(coveredEdge: [Bool]) throws -> [CoverageGap] {
        let context = data.context
        var result: [CoverageGap] = []
        for country in Partner.allCases {
            // Runs of consecutive uncovered edges on each border-segment line.
            var runs: [(wilaya: String, points: [Coordinate])] = []
            var current: (wilaya: String, line: Int, points: [Coordinate])?
            for (index, edge) in data.edges.enumerated() where edge.country == country {
                if coveredEdge[index] {
                    if let run = current { runs.append((run.wilaya, run.points)); current = nil }
                    continue
                }
                if var run = current, run.line == edge.line, run.points.last == edge.start {
                    run.points.append(edge.end)
                    current = run
                } else {
                    if let run = current { runs.append((run.wilaya, run.points)) }
                    current = (edge.wilaya, edge.line, [edge.start, edge.end])
                }
            }
            if let run = current { runs.append((run.wilaya, run.points)) }
            guard !runs.isEmpty else { continue }
            let lines = try runs.map { try Geometry.lineString($0.points, in: context) }
            let merged = try Geometry.collection(.multiLineString, lines, in: context).lineMerged()
            for gap in try merged.parts {
                let prepared = try PreparedGeometry(gap)
                var wilayas = Set<String>()
                for (run, line) in zip(runs, lines) where try prepared.covers(line) { wilayas.insert(run.wilaya) }
                result.append(CoverageGap(border: country, lengthKm: try Geodesic.wgs84.length(of: gap) / 1_000,
                                          wilayas: wilayas.sorted(), geometry: gap))
            }
        }
        return result.sorted {
            ($0.border, -$0.lengthKm, $0.wilayas.first ?? "") < ($1.border, -$1.lengthKm, $1.wilayas.first ?? "")
        }
    }
}
