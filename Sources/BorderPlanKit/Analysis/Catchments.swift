import Foundation
import Geo

/// True-radius discs and geodesic service areas around crossings, in WGS84 longitude/latitude.
///
/// Discs are built in the azimuthal equidistant projection centred on the crossing, so
/// every rim vertex is exactly R km away (64 vertices a quarter). Service areas start
/// from a planar Voronoi diagram in that projection and are corrected onto the true
/// geodesic bisectors (see `serviceArea`).
public struct Catchments {
    public static let quadrantSegments = 64
    /// Vertices of service-area boundaries are at most this far apart before correction, metres.
    public static let bisectorSpacing = 5_000.0
    /// Half-width of the Voronoi extent around the crossing, metres (covers all of Algeria).
    public static let extentHalfWidth = 4_500_000.0

    public let context: GeometryContext
    public let proj: ProjContext

    public init(context: GeometryContext, proj: ProjContext) {
        self.context = context
        self.proj = proj
    }

    /// The geodesic disc of `radiusKm` around `center`.
    public func disc(center: Coordinate, radiusKm: Double) throws -> Geometry {
        guard radiusKm > 0, radiusKm.isFinite else { throw GeoError.invalidInput("radius must be a positive number of km, got \(radiusKm)") }
        let aeqd = try Transformer.azimuthalEquidistant(center: center, context: proj)
        let planar = try Geometry.point(Coordinate(x: 0, y: 0), in: context).buffer(radiusKm * 1_000, quadrantSegments: Self.quadrantSegments)
        return try aeqd.transform(planar, inverse: true)
    }

    /// The part of the plane closer (geodesically) to `site` than to any of `others`,
    /// optionally capped at `capKm`.
    ///
    /// 1. Voronoi diagram of all sites in the azimuthal equidistant projection of `site`
    ///    (exact for distances from `site`, slightly off for the others);
    /// 2. the cell of `site`, densified to one vertex every 5 km;
    /// 3. every vertex that lies on a bisector is moved along the geodesic from `site`
    ///    to the point where the distances to `site` and to the nearest other site are
    ///    equal (bisection to < 1 m), so the dividing lines follow the true geodesic
    ///    bisectors to well within 1 km.
    public func serviceArea(of site: Coordinate, others: [Coordinate], capKm: Double? = nil) throws -> Geometry {
        let aeqd = try Transformer.azimuthalEquidistant(center: site, context: proj)
        let half = Self.extentHalfWidth
        let extent = try Geometry.rectangle(Envelope(minX: -half, minY: -half, maxX: half, maxY: half), in: context)
        var cell = extent
        let distinct = others.filter { Geodesic.wgs84.distance(site, $0) > 1 }
        if !distinct.isEmpty {
            let projected = try aeqd.transform([site] + distinct)
            let points = try projected.map { try Geometry.point($0, in: context) }
            let diagram = try Geometry.collection(.multiPoint, points, in: context).voronoiDiagram(extent: extent)
            let origin = points[0]
            guard let own = try diagram.parts.first(where: { try $0.covers(origin) }) else {
                throw GeoError.geos(operation: "serviceArea", message: "no Voronoi cell holds the site")
            }
            cell = try own.intersection(extent)
        }
        let dense = try cell.densified(maxSegmentLength: Self.bisectorSpacing)
        let ring = try aeqd.transform(try dense.type == .polygon ? dense.rings[0] : dense.geometry(at: 0).rings[0], inverse: true)
        let corrected = ring.map { vertex in distinct.isEmpty ? vertex : moveOntoBisector(vertex, site: site, others: distinct) }
        var polygon = try Geometry.polygon(exterior: corrected, in: context)
        if try !polygon.isValid { polygon = try polygon.makeValid().geometry.polygonalParts() }
        if let capKm { polygon = try polygon.intersection(try disc(center: site, radiusKm: capKm)) }
        return polygon
    }

    /// `vertex` moved along the geodesic from `site` onto the bisector with the nearest other
    /// site, when it lies on (or near) a bisector; unchanged otherwise (extent edges).
    func moveOntoBisector(_ vertex: Coordinate, site: Coordinate, others: [Coordinate]) -> Coordinate {
        let geodesic = Geodesic.wgs84
        let toVertex = geodesic.inverse(from: site, to: vertex)
        let own = toVertex.distance
        let nearestOther = others.map { geodesic.distance(vertex, $0) }.min() ?? .infinity
        // Only vertices that the planar diagram put on a bisector: distances within 2 % (+1 km).
        guard own > 0, abs(own - nearestOther) <= 0.02 * own + 1_000 else { return vertex }
        func excess(_ t: Double) -> Double {
            let point = geodesic.direct(from: site, azimuth: toVertex.azimuth, distance: t).coordinate
            return t - (others.map { geodesic.distance(point, $0) }.min() ?? .infinity)
        }
        var low = 0.0, high = own * 1.1 + 2_000
        guard excess(high) > 0 else { return vertex }
        while high - low > 0.5 {
            let middle = (low + high) / 2
            if excess(middle) > 0 { high = middle } else { low = middle }
        }
        return geodesic.direct(from: site, azimuth: toVertex.azimuth, distance: (low + high) / 2).coordinate
    }
}
