import CPROJ

/// Solution of the geodesic inverse problem between two points.
public struct GeodesicLine: Sendable, Equatable {
    /// Distance along the ellipsoid, metres.
    public var distance: Double
    /// Azimuth of the geodesic at the start point, degrees clockwise from north.
    public var azimuth: Double
    /// Azimuth of the geodesic at the end point (direction of travel on arrival).
    public var finalAzimuth: Double
    /// Azimuth from the end point back to the start, in (-180, 180].
    public var backAzimuth: Double { normalizeAzimuth(finalAzimuth + 180) }
}

/// Solution of the geodesic direct problem.
public struct GeodesicDestination: Sendable, Equatable {
    public var coordinate: Coordinate
    /// Azimuth of the geodesic at the destination.
    public var finalAzimuth: Double
}

/// Area and perimeter of a geodesic polygon.
public struct GeodesicPolygonMeasure: Sendable, Equatable {
    /// Area in m², signed: positive for a counter-clockwise ring.
    public var signedArea: Double
    /// Perimeter in metres.
    public var perimeter: Double
    public var area: Double { abs(signedArea) }
}

func normalizeAzimuth(_ angle: Double) -> Double {
    var value = angle.truncatingRemainder(dividingBy: 360)
    if value <= -180 { value += 360 }
    if value > 180 { value -= 360 }
    return value
}

/// Geodesics on an ellipsoid with Karney's algorithms (PROJ's `geodesic.h`).
///
/// A plain value, thread-safe, no context needed. The public API takes
/// longitude/latitude `Coordinate`s; the swap to the library's latitude-first
/// order happens only in `Geodesic.solveInverse`, `solveDirect` and `addVertex`.
public struct Geodesic: @unchecked Sendable {
    private var ellipsoid = geod_geodesic()

    /// An ellipsoid of equatorial radius `a` (metres) and flattening `f`.
    public init(equatorialRadius a: Double, flattening f: Double) {
        geod_init(&ellipsoid, a, f)
    }

    /// WGS84 (a = 6378137 m, f = 1/298.257223563), the ellipsoid of all BorderPlan data.
    public static let wgs84 = Geodesic(equatorialRadius: 6_378_137, flattening: 1 / 298.257223563)

    /// Equatorial radius a, metres.
    public var equatorialRadius: Double { ellipsoid.a }
    /// Flattening f.
    public var flattening: Double { ellipsoid.f }

    // MARK: The only place latitude and longitude are swapped.

    private func solveInverse(_ a: Coordinate, _ b: Coordinate) -> (Double, Double, Double) {
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0
        withUnsafePointer(to: ellipsoid) { geod_inverse($0, a.lat, a.lon, b.lat, b.lon, &s12, &azi1, &azi2) }
        return (s12, azi1, azi2)
    }

    private func solveDirect(_ start: Coordinate, _ azimuth: Double, _ distance: Double) -> (Coordinate, Double) {
        var lat2 = 0.0, lon2 = 0.0, azi2 = 0.0
        withUnsafePointer(to: ellipsoid) { geod_direct($0, start.lat, start.lon, azimuth, distance, &lat2, &lon2, &azi2) }
        return (Coordinate(lon: lon2, lat: lat2), azi2)
    }

    private func addVertex(_ polygon: inout geod_polygon, _ point: Coordinate) {
        withUnsafePointer(to: ellipsoid) { geod_polygon_addpoint($0, &polygon, point.lat, point.lon) }
    }

    // MARK: Problems

    /// The geodesic inverse problem: distance and azimuths from `start` to `end`.
    public func inverse(from start: Coordinate, to end: Coordinate) -> GeodesicLine {
        let (distance, azimuth, final) = solveInverse(start, end)
        return GeodesicLine(distance: distance, azimuth: azimuth, finalAzimuth: final)
    }

    /// Distance in metres between two points.
    public func distance(_ start: Coordinate, _ end: Coordinate) -> Double {
        solveInverse(start, end).0
    }

    /// The geodesic direct problem: where `distance` metres along `azimuth` from `start` lead.
    public func direct(from start: Coordinate, azimuth: Double, distance: Double) -> GeodesicDestination {
        let (point, final) = solveDirect(start, azimuth, distance)
        return GeodesicDestination(coordinate: point, finalAzimuth: final)
    }

    /// Area and perimeter of the polygon whose ring is `ring` (closing vertex optional).
    public func polygon(_ ring: [Coordinate]) -> GeodesicPolygonMeasure {
        var vertices = ring
        if vertices.count > 1, vertices.first == vertices.last { vertices.removeLast() }
        var polygon = geod_polygon()
        geod_polygon_init(&polygon, 0)
        for vertex in vertices { addVertex(&polygon, vertex) }
        var area = 0.0, perimeter = 0.0
        withUnsafePointer(to: ellipsoid) { _ = geod_polygon_compute($0, &polygon, 0, 1, &area, &perimeter) }
        return GeodesicPolygonMeasure(signedArea: area, perimeter: perimeter)
    }

    /// Length in metres of the polyline through `points`.
    public func length(_ points: [Coordinate]) -> Double {
        guard points.count > 1 else { return 0 }
        var total = 0.0
        for index in 1..<points.count { total += distance(points[index - 1], points[index]) }
        return total
    }

    /// A closed ring approximating the geodesic circle of `radius` metres around
    /// `center`: `vertices` points, counter-clockwise, each exactly `radius` away.
    public func circle(center: Coordinate, radius: Double, vertices: Int = 256) -> [Coordinate] {
        let count = max(8, vertices)
        var ring: [Coordinate] = []
        ring.reserveCapacity(count + 1)
        for index in 0..<count {
            // Azimuths decrease so that the ring runs counter-clockwise.
            let azimuth = 360.0 - 360.0 * Double(index) / Double(count)
            ring.append(solveDirect(center, azimuth, radius).0)
        }
        ring.append(ring[0])
        return ring
    }

    // MARK: Geometries (WGS84 longitude/latitude)

    /// Geodesic area in m² of the polygonal parts of `geometry` (holes subtracted).
    public func area(of geometry: Geometry) throws -> Double {
        switch geometry.type {
        case .polygon:
            let rings = try geometry.rings
            guard let shell = rings.first else { return 0 }
            return rings.dropFirst().reduce(polygon(shell).area) { $0 - polygon($1).area }
        case .multiPolygon, .geometryCollection:
            return try geometry.parts.reduce(0) { $0 + (try area(of: $1)) }
        default:
            return 0
        }
    }

    /// Geodesic length in metres: of the lines, or of the rings' perimeters for polygons.
    public func length(of geometry: Geometry) throws -> Double {
        switch geometry.type {
        case .point, .multiPoint: return 0
        case .lineString, .linearRing: return length(try geometry.coordinates)
        case .polygon: return try geometry.rings.reduce(0) { $0 + length($1) }
        default: return try geometry.parts.reduce(0) { $0 + (try length(of: $1)) }
        }
    }
}
