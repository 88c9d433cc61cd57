import Foundation
import Geo

/// Isochrones: the area reachable within T from a set of origins, by road then off-road.
///
/// A point is reached when some point of the network reached at time t lies within
/// (T − t) × off-road speed of it (geodesic), or an origin lies within (T − delay) × off-road
/// speed. Built as the union of: a geodesic disc around each origin; along each edge, from each
/// end it can be driven from, the reached part of its polyline, each stretch between two
/// consecutive samples (its vertices, and the point where time runs out) covered by the convex
/// hull of the two samples' discs (radius: time left × off-road speed). Discs are 64-gons.
public enum Isochrones {
    public static let circleVertices = 64

    /// The reachable area within `limitSeconds` (before any clipping), in longitude/latitude.
    public static func reach(_ network: RoadNetwork, times: TravelTimes, origins: [TravelOrigin], limitSeconds: Double,
                             context: GeometryContext) throws -> Geometry {
        let speed = network.offroadSpeed
        var pieces: [Geometry] = []
        for origin in origins where origin.delaySeconds < limitSeconds {
            pieces.append(try disc(origin.location, radius: (limitSeconds - origin.delaySeconds) * speed, context: context))
        }
        let graph = network.graph
        for edge in 0..<graph.edgeCount {
            let from = Int(graph.edgeFrom[edge]), to = Int(graph.edgeTo[edge])
            if graph.edgeForwardKmh[edge] > 0, times.seconds[from] < limitSeconds {
                let samples = walk(graph.polyline(edge), start: times.seconds[from], kmh: graph.edgeForwardKmh[edge], limit: limitSeconds, offroad: speed)
                pieces += try hulls(samples, context: context)
            }
            if graph.edgeBackwardKmh[edge] > 0, times.seconds[to] < limitSeconds {
                let samples = walk(graph.polyline(edge).reversed(), start: times.seconds[to], kmh: graph.edgeBackwardKmh[edge], limit: limitSeconds, offroad: speed)
                pieces += try hulls(samples, context: context)
            }
        }
        guard !pieces.isEmpty else { return try Geometry.empty(.multiPolygon, in: context) }
        return try Geometry.union(of: pieces, in: context).polygonalParts()
    }

    /// Points along `line` driven from its first vertex at time `start`, each with its off-road
    /// radius (metres) from the time left; the last is where time runs out, if it does.
    static func walk(_ line: [Coordinate], start: Double, kmh: Double, limit: Double, offroad: Double) -> [(Coordinate, Double)] {
        let metresPerSecond = kmh / 3.6
        var time = start
        var samples = [(line[0], (limit - time) * offroad)]
        for index in 1..<line.count {
            let segment = Geodesic.wgs84.inverse(from: line[index - 1], to: line[index])
            let arrival = time + segment.distance / metresPerSecond
            if arrival <= limit {
                time = arrival
                samples.append((line[index], (limit - time) * offroad))
                continue
            }
            let metres = (limit - time) * metresPerSecond
            samples.append((Geodesic.wgs84.direct(from: line[index - 1], azimuth: segment.azimuth, distance: metres).coordinate, 0))
            break
        }
        return samples
    }

    /// The convex hulls of consecutive samples' discs (one disc when there is one sample).
    static func hulls(_ samples: [(Coordinate, Double)], context: GeometryContext) throws -> [Geometry] {
        let rings = samples.map { point, radius in radius > 0.01 ? Geodesic.wgs84.circle(center: point, radius: radius, vertices: circleVertices) : [point] }
        if rings.count == 1 {
            return rings[0].count > 1 ? [try Geometry.polygon(exterior: rings[0], in: context)] : []
        }
        var result: [Geometry] = []
        for index in 1..<rings.count {
            let points = rings[index - 1] + rings[index]
            guard points.count >= 3 else { continue }
            let hull = try Geometry.lineString(points, in: context).convexHull()
            if hull.type == .polygon { result.append(hull) }
        }
        return result
    }

    static func disc(_ center: Coordinate, radius: Double, context: GeometryContext) throws -> Geometry {
        try Geometry.polygon(exterior: Geodesic.wgs84.circle(center: center, radius: radius, vertices: circleVertices), in: context)
    }

    /// One ring per band: the reach within each limit less the reach within the previous one,
    /// with `clip` (Algeria) applied; limits ascending, in seconds.
    public static func bands(_ network: RoadNetwork, origins: [TravelOrigin], limitsSeconds: [Double], clip: Geometry?,
                             context: GeometryContext) throws -> [(limit: Double, reach: Geometry, band: Geometry)] {
        let sorted = limitsSeconds.sorted()
        guard let largest = sorted.last else { return [] }
        let times = network.times(from: origins, limitSeconds: largest)
        var result: [(limit: Double, reach: Geometry, band: Geometry)] = []
        var previous: Geometry?
        for limit in sorted {
            var reach = try Self.reach(network, times: times, origins: origins, limitSeconds: limit, context: context)
            if let clip { reach = try reach.intersection(clip).polygonalParts() }
            let band = try previous.map { try reach.difference($0).polygonalParts() } ?? reach
            result.append((limit, reach, band))
            previous = reach
        }
        return result
    }
}
