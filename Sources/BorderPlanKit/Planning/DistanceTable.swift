import Foundation
import Geo

/// The distances of the p-median problem, computed once per run: each demand point's geodesic
/// distance to its nearest open crossing, and for each candidate only the points it would bring
/// closer than that (a candidate farther than a point's open crossing never serves it). Stored
/// flat (compressed rows), so memory grows with the useful pairs, not points × candidates.
public struct DistanceTable: Sendable {
    /// Stand-in distance (km) of a point with no open crossing at all: longer than any geodesic
    /// on the Earth (half the meridian is about 20,004 km), so any candidate improves on it.
    public static let unserved = 20_100.0
    /// At most this many (point, candidate) pairs are kept: 8 bytes each for the distance and 4 for
    /// the point, about 600 MB, so the whole plan stays under 1 GiB.
    public static let pairLimit = 50_000_000

    public let weights: [Double]
    /// Distance (km) of each point to its nearest open crossing (`unserved` when there is none).
    public let base: [Double]
    let start: [Int]
    let points: [Int32]
    let kilometres: [Double]

    public var candidateCount: Int { start.count - 1 }
    public var pairCount: Int { points.count }

    /// From full distances (`distances[candidate][point]`, km), for tests and small instances.
    public init(weights: [Double], base: [Double], distances: [[Double]]) {
        self.weights = weights
        self.base = base
        var start = [0], points: [Int32] = [], kilometres: [Double] = []
        for row in distances {
            for (point, km) in row.enumerated() where km < base[point] {
                points.append(Int32(point))
                kilometres.append(km)
            }
            start.append(points.count)
        }
        self.start = start
        self.points = points
        self.kilometres = kilometres
    }

    init(weights: [Double], base: [Double], start: [Int], points: [Int32], kilometres: [Double]) {
        self.weights = weights
        self.base = base
        self.start = start
        self.points = points
        self.kilometres = kilometres
    }

    /// Geodesic distances (WGS84, km) from the demand points to the open crossings and the candidates.
    public static func geodesic(points locations: [Coordinate], weights: [Double], open: [Coordinate], candidates: [Coordinate],
                                deadline: Deadline? = nil) throws -> DistanceTable {
        let base = locations.indices.map { point in   // points without weight are never measured
            weights[point] > 0 ? open.reduce(unserved) { min($0, Geodesic.wgs84.distance(locations[point], $1) / 1_000) } : 0
        }
        var start = [0], points: [Int32] = [], kilometres: [Double] = []
        for (index, site) in candidates.enumerated() {
            try deadline?.check("measuring the distances of candidate \(index + 1) of \(candidates.count)")
            for (point, location) in locations.enumerated() where weights[point] > 0 {
                let km = Geodesic.wgs84.distance(site, location) / 1_000
                guard km < base[point] else { continue }
                points.append(Int32(point))
                kilometres.append(km)
            }
            guard points.count <= pairLimit else {
                throw PlanError(description: "the distance table would hold more than \(pairLimit) point–candidate pairs "
                                + "(\(locations.count) demand points, \(candidates.count) candidates): ask for fewer candidates (a wider --spacing, fewer --borders)")
            }
            start.append(points.count)
        }
        return DistanceTable(weights: weights, base: base, start: start, points: points, kilometres: kilometres)
    }

    /// The pairs of one candidate: the points it brings closer than their open crossing.
    func pairs(_ candidate: Int) -> Range<Int> { start[candidate]..<start[candidate + 1] }

    /// Each point's distance (km) to its nearest crossing among the open ones and `chosen`.
    public func served(by chosen: [Int]) -> [Double] {
        var current = base
        for candidate in chosen {
            for pair in pairs(candidate) where kilometres[pair] < current[Int(points[pair])] { current[Int(points[pair])] = kilometres[pair] }
        }
        return current
    }

    /// The demand-weighted sum of distances (weight × km) of a state.
    public func total(_ distances: [Double]) -> Double {
        zip(weights, distances).reduce(0) { $0 + ($1.0 > 0 ? $1.0 * $1.1 : 0) }
    }
}
