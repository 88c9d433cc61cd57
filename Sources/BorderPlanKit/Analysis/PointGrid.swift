import Foundation
import Geo

/// A bucket grid over points (0.5° cells) to find those within R km of a site
/// without measuring the distance to every point.
public struct PointGrid: Sendable {
    public static let cellDegrees = 0.5
    let points: [Coordinate]
    private var buckets: [Int: [Int]] = [:]

    public init(_ points: [Coordinate]) {
        self.points = points
        for (index, point) in points.enumerated() { buckets[Self.key(point), default: []].append(index) }
    }

    static func cell(_ value: Double) -> Int { Int((value / cellDegrees).rounded(.down)) }
    static func key(_ point: Coordinate) -> Int { (cell(point.lat) + 1_000) * 10_000 + (cell(point.lon) + 1_000) }

    public var count: Int { points.count }

    /// The points within `radiusKm` of any of `centers`, as a bitset: the one test of
    /// "covered" that coverage and planning share.
    public func covered(by centers: [Coordinate], radiusKm: Double) -> Bitset {
        var set = Bitset(count: points.count)
        for center in centers { for index in within(radiusKm, of: center) { set.insert(index) } }
        return set
    }

    /// Indices (ascending) of the points within `radiusKm` (geodesic) of `center`.
    public func within(_ radiusKm: Double, of center: Coordinate) -> [Int] {
        // Every point within R lies in this box (a proven bound, see `degreesSpanning`).
        let span = Geodesic.wgs84.degreesSpanning(km: radiusKm, atLatitude: center.lat)
        let latSpan = span.lat, lonSpan = span.lon
        var result: [Int] = []
        let radius = radiusKm * 1_000
        for latCell in Self.cell(center.lat - latSpan)...Self.cell(center.lat + latSpan) {
            for lonCell in Self.cell(center.lon - lonSpan)...Self.cell(center.lon + lonSpan) {
                guard let bucket = buckets[(latCell + 1_000) * 10_000 + (lonCell + 1_000)] else { continue }
                for index in bucket where Geodesic.wgs84.distance(center, points[index]) <= radius { result.append(index) }
            }
        }
        return result.sorted()
    }
}
