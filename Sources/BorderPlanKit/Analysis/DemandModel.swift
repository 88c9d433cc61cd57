import Foundation
import Geo

/// Where the population that coverage and plan count is placed (`--demand-model`).
public enum DemandModel: String, CaseIterable, Sendable {
    /// Each commune's OSM population at its GeoNames places (in proportion to theirs), else at its point on surface.
    case communes
    /// Each commune's OSM population spread over it on a 0.05° grid, by geodesic area.
    case grid
    /// GeoNames places with their own population (the model before communes).
    case places

    /// One line saying what the population figures are, for table footers and reports.
    public var summary: String {
        switch self {
        case .communes: return "demand model: communes (OSM commune populations, mixed census years, at their GeoNames places)"
        case .grid: return "demand model: grid (OSM commune populations, mixed census years, spread on a 0.05° grid)"
        case .places: return "demand model: places (GeoNames populated places)"
        }
    }
}

/// A population placed at one point: the unit of "covered population".
public struct PopulationPoint: Sendable, Equatable {
    public var location: Coordinate
    public var population: Int
    /// Official code of the wilaya it counts for.
    public var wilaya: String
    /// The commune it comes from (nil under the places model).
    public var commune: String?

    /// The same point as a weighted demand point (`--demand FILE` layer's type).
    public var demandPoint: DemandPoint { DemandPoint(location: location, weight: Double(population)) }
}

/// Builds the population points of each demand model.
public enum PopulationDemand {
    /// Grid step of the `grid` model, degrees.
    public static let gridDegrees = 0.05

    /// The points of `model`; communes without a population contribute nothing.
    public static func points(_ model: DemandModel, communes: () throws -> [Commune], places: [Place], context: GeometryContext) throws -> [PopulationPoint] {
        switch model {
        case .places:
            return places.map { PopulationPoint(location: $0.location, population: $0.population, wilaya: $0.wilaya, commune: nil) }
        case .communes:
            return try atPlaces(try communes(), places: places, context: context)
        case .grid:
            return try communes().flatMap { try onGrid($0, context: context) }
        }
    }

    /// `total` split in proportion to `weights` (≥ 0), to the unit: floors, then the largest
    /// remainders get one more (ties to the lower index). Sum is exactly `total`.
    public static func apportion(_ total: Int, weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard total > 0, sum > 0 else { return weights.map { _ in 0 } }
        let exact = weights.map { Double(total) * $0 / sum }
        var shares = exact.map { Int($0.rounded(.down)) }
        let left = total - shares.reduce(0, +)
        let order = exact.indices.sorted { (exact[$0] - exact[$0].rounded(.down), -$0) > (exact[$1] - exact[$1].rounded(.down), -$1) }
        for index in order.prefix(left) { shares[index] += 1 }
        return shares
    }

    /// `communes` model: each commune's population shared among the places inside it by their
    /// population; a commune without a place puts it at its point on surface.
    static func atPlaces(_ communes: [Commune], places: [Place], context: GeometryContext) throws -> [PopulationPoint] {
        let tree = try STRtree(communes.map(\.geometry), context: context)
        let prepared = try communes.map { try PreparedGeometry($0.geometry) }
        var inside = [[Place]](repeating: [], count: communes.count)
        for place in places {
            let point = try Geometry.point(place.location, in: context)
            // A place on a shared boundary counts for the first commune (by id) that covers it.
            if let owner = try tree.query(point).sorted().first(where: { try prepared[$0].covers(point) }) { inside[owner].append(place) }
        }
        var result: [PopulationPoint] = []
        for (index, commune) in communes.enumerated() {
            guard let population = commune.population, population > 0 else { continue }
            let hosts = inside[index]
            if hosts.isEmpty {
                let location = try commune.geometry.pointOnSurface().coordinates[0]
                result.append(PopulationPoint(location: location, population: population, wilaya: commune.wilaya, commune: commune.id))
                continue
            }
            let shares = apportion(population, weights: hosts.map { Double($0.population) })
            for (place, share) in zip(hosts, shares) where share > 0 {
                result.append(PopulationPoint(location: place.location, population: share, wilaya: commune.wilaya, commune: commune.id))
            }
        }
        return result
    }

    /// `grid` model: the commune cut by the global 0.05° grid; each piece gets the population
    /// share of its geodesic area, at a point on its surface.
    static func onGrid(_ commune: Commune, context: GeometryContext) throws -> [PopulationPoint] {
        guard let population = commune.population, population > 0, let box = commune.geometry.envelope else { return [] }
        let prepared = try PreparedGeometry(commune.geometry)
        let step = gridDegrees
        var pieces: [(location: Coordinate, areaKm2: Double)] = []
        for column in Int((box.minX / step).rounded(.down))..<Int((box.maxX / step).rounded(.up)) {
            for row in Int((box.minY / step).rounded(.down))..<Int((box.maxY / step).rounded(.up)) {
                let cellBox = Envelope(minX: Double(column) * step, minY: Double(row) * step, maxX: Double(column + 1) * step, maxY: Double(row + 1) * step)
                let cell = try Geometry.rectangle(cellBox, in: context)
                guard try prepared.intersects(cell) else { continue }
                let part = try prepared.containsProperly(cell) ? cell : try commune.geometry.intersection(cell)
                let area = try Geodesic.wgs84.area(of: part) / 1e6
                guard area > 0 else { continue }
                pieces.append((try part.pointOnSurface().coordinates[0], area))
            }
        }
        let shares = apportion(population, weights: pieces.map(\.areaKm2))
        return zip(pieces, shares).compactMap { piece, share in
            share > 0 ? PopulationPoint(location: piece.location, population: share, wilaya: commune.wilaya, commune: commune.id) : nil
        }
    }
}
