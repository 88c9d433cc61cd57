import Foundation

/// Geodesic distance from a point to the nearest point of a geometry
/// (longitude/latitude on WGS84), through an azimuthal equidistant projection
/// centred on the point, where distances from the centre are true.
///
/// Lines are taken as drawn in longitude/latitude and densified before projection
/// (0.01° near the point, coarser far away), so the answer is exact to a few metres.
/// Uses one `ProjContext`.
public final class GeodesicDistance {
    private let proj: ProjContext

    public init(proj: ProjContext) {
        self.proj = proj
    }

    /// The nearest point of `geometry` to `point` and its geodesic distance in metres
    /// (0 when the point lies in or on the geometry).
    public func nearest(from point: Coordinate, to geometry: Geometry) throws -> (distance: Double, nearest: Coordinate) {
        let context = geometry.context
        let probe = try Geometry.point(point, in: context)
        let (planarNearest, _) = try geometry.nearestPoints(with: probe)
        let firstGuess = Geodesic.wgs84.distance(point, planarNearest)
        if firstGuess == 0 { return (0, planarNearest) }
        // Every point closer than the first guess lies in this box (widened by 1e-9°, 0.1 mm,
        // so that it never collapses to an empty rectangle in floating point).
        let span = Geodesic.wgs84.degreesSpanning(km: firstGuess / 1_000, atLatitude: point.lat)
        let box = Envelope(minX: point.lon - span.lon, minY: point.lat - span.lat, maxX: point.lon + span.lon, maxY: point.lat + span.lat)
            .expanded(by: 1e-9)
        let nearby = try (geometry.type.isPolygonal ? try geometry.boundary() : geometry).clipped(to: box)
        if nearby.isEmpty { return (firstGuess, planarNearest) }
        let aeqd = try Transformer.azimuthalEquidistant(center: point, context: proj)
        // A line drawn in longitude/latitude is nearly straight in this projection at these
        // scales: chords of 1/50 of the distance (0.01° at least) stay within metres of it.
        let step = min(0.2, max(0.01, span.lat / 50))
        let projected = try aeqd.transform(try nearby.densified(maxSegmentLength: step))
        let origin = try Geometry.point(Coordinate(x: 0, y: 0), in: context)
        let (candidate, _) = try projected.nearestPoints(with: origin)
        let refined = try aeqd.transform(candidate, inverse: true)
        let distance = Geodesic.wgs84.distance(point, refined)
        return distance < firstGuess ? (distance, refined) : (firstGuess, planarNearest)
    }

    /// Geodesic distance in metres from `point` to `geometry`.
    public func distance(from point: Coordinate, to geometry: Geometry) throws -> Double {
        try nearest(from: point, to: geometry).distance
    }
}
