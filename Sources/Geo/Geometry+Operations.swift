import CGEOS

/// How `makeValid` repaired a geometry.
public struct RepairReport: Sendable, Equatable {
    /// The GEOS validity reason before the repair (nil when it was valid).
    public var reason: String?
    /// Where GEOS found the problem, when it says.
    public var location: Coordinate?
    public var typeBefore: GeometryType
    public var typeAfter: GeometryType
    /// Planar areas before and after, in the geometry's units.
    public var areaBefore: Double
    public var areaAfter: Double

    public var wasValid: Bool { reason == nil }
}

/// Result of a validity check.
public struct Validity: Sendable, Equatable {
    public var isValid: Bool
    /// GEOS's reason, e.g. "Self-intersection"; nil when valid.
    public var reason: String?
    public var location: Coordinate?
}

// MARK: - Validity

extension Geometry {
    /// True when GEOS finds the geometry valid.
    public var isValid: Bool {
        get throws { try context.predicate("isValid") { GEOSisValid_r($0, pointer) } }
    }

    /// Validity with GEOS's reason and location.
    public func validity() throws -> Validity {
        var reason: UnsafeMutablePointer<CChar>?
        var location: OpaquePointer?
        context.clearError()
        let result = GEOSisValidDetail_r(handle, pointer, 0, &reason, &location)
        defer {
            if let reason { GEOSFree_r(handle, reason) }
            if let location { GEOSGeom_destroy_r(handle, location) }
        }
        switch result {
        case 1: return Validity(isValid: true, reason: nil, location: nil)
        case 0:
            var where_: Coordinate?
            if let location, let sequence = GEOSGeom_getCoordSeq_r(handle, location) {
                where_ = try Self.read(sequence: sequence, context: context).first
            }
            return Validity(isValid: false, reason: reason.map { String(cString: $0) }, location: where_)
        default: throw context.failure("isValidDetail")
        }
    }

    /// A valid version of this geometry built with GEOS's "structure" method
    /// (rings are unioned as areas; collapsed parts dropped), and what changed.
    public func makeValid() throws -> (geometry: Geometry, report: RepairReport) {
        let before = try validity()
        if before.isValid {
            let area = try self.area
            return (self, RepairReport(reason: nil, location: nil, typeBefore: type, typeAfter: type, areaBefore: area, areaAfter: area))
        }
        context.clearError()
        guard let params = GEOSMakeValidParams_create_r(handle) else { throw context.failure("makeValidParams") }
        defer { GEOSMakeValidParams_destroy_r(handle, params) }
        _ = GEOSMakeValidParams_setMethod_r(handle, params, GEOS_MAKE_VALID_STRUCTURE)
        _ = GEOSMakeValidParams_setKeepCollapsed_r(handle, params, 0)
        let repaired = try context.make("makeValid") { GEOSMakeValidWithParams_r($0, pointer, params) }
        let report = RepairReport(reason: before.reason, location: before.location, typeBefore: type,
                                  typeAfter: repaired.type, areaBefore: try area, areaAfter: try repaired.area)
        return (repaired, report)
    }

    /// Only the polygonal parts, as a MultiPolygon (empty when there are none).
    public func polygonalParts() throws -> Geometry {
        var polygons: [Geometry] = []
        func collect(_ geometry: Geometry) throws {
            switch geometry.type {
            case .polygon: if !geometry.isEmpty { polygons.append(geometry) }
            case .multiPolygon, .geometryCollection: for part in try geometry.parts { try collect(part) }
            default: break
            }
        }
        try collect(self)
        return try Geometry.collection(.multiPolygon, polygons, in: context)
    }
}

// MARK: - Planar measures

extension Geometry {
    /// Planar area in the square of the coordinate units (use `Geodesic` for WGS84 data).
    public var area: Double { get throws { try context.measure("area") { GEOSArea_r($0, pointer, $1) } } }

    /// Planar length in coordinate units (use `Geodesic` for WGS84 data).
    public var length: Double { get throws { try context.measure("length") { GEOSLength_r($0, pointer, $1) } } }

    /// Planar minimum distance to `other`.
    public func distance(to other: Geometry) throws -> Double {
        try checkSameContext(other, "distance")
        return try context.measure("distance") { GEOSDistance_r($0, pointer, other.pointer, $1) }
    }

    /// The closest pair of points, this geometry's first.
    public func nearestPoints(with other: Geometry) throws -> (Coordinate, Coordinate) {
        try checkSameContext(other, "nearestPoints")
        context.clearError()
        guard let sequence = GEOSNearestPoints_r(handle, pointer, other.pointer) else { throw context.failure("nearestPoints") }
        defer { GEOSCoordSeq_destroy_r(handle, sequence) }
        let points = try Self.read(sequence: sequence, context: context)
        guard points.count == 2 else { throw GeoError.geos(operation: "nearestPoints", message: "expected 2 points, got \(points.count)") }
        return (points[0], points[1])
    }
}

// MARK: - Constructive operations

extension Geometry {
    /// Planar buffer; `quadrantSegments` segments approximate each quarter circle.
    public func buffer(_ distance: Double, quadrantSegments: Int = 16) throws -> Geometry {
        try context.make("buffer") { GEOSBuffer_r($0, pointer, distance, Int32(quadrantSegments)) }
    }

    public func intersection(_ other: Geometry) throws -> Geometry {
        try checkSameContext(other, "intersection")
        return try context.make("intersection") { GEOSIntersection_r($0, pointer, other.pointer) }
    }

    public func difference(_ other: Geometry) throws -> Geometry {
        try checkSameContext(other, "difference")
        return try context.make("difference") { GEOSDifference_r($0, pointer, other.pointer) }
    }

    public func symmetricDifference(_ other: Geometry) throws -> Geometry {
        try checkSameContext(other, "symmetricDifference")
        return try context.make("symDifference") { GEOSSymDifference_r($0, pointer, other.pointer) }
    }

    public func union(_ other: Geometry) throws -> Geometry {
        try checkSameContext(other, "union")
        return try context.make("union") { GEOSUnion_r($0, pointer, other.pointer) }
    }

    /// Union of all parts of this geometry (cascaded union).
    public func unaryUnion() throws -> Geometry {
        try context.make("unaryUnion") { GEOSUnaryUnion_r($0, pointer) }
    }

    /// Union of polygons that only share edges (a coverage, like wilayas): much faster than `unaryUnion`.
    public func coverageUnion() throws -> Geometry {
        try context.make("coverageUnion") { GEOSCoverageUnion_r($0, pointer) }
    }

    /// Union of many geometries: `coverage: true` when they form a polygon coverage.
    public static func union(of geometries: [Geometry], coverage: Bool = false, in context: GeometryContext) throws -> Geometry {
        let collection = try Geometry.collection(.geometryCollection, geometries, in: context)
        return coverage ? try collection.coverageUnion() : try collection.unaryUnion()
    }

    /// The smallest convex polygon holding the geometry (a line or point when it is degenerate).
    public func convexHull() throws -> Geometry { try context.make("convexHull") { GEOSConvexHull_r($0, pointer) } }

    /// Centroid (may lie outside a concave polygon).
    public func centroid() throws -> Geometry { try context.make("centroid") { GEOSGetCentroid_r($0, pointer) } }

    /// A point guaranteed to lie in the interior of a polygon.
    public func pointOnSurface() throws -> Geometry { try context.make("pointOnSurface") { GEOSPointOnSurface_r($0, pointer) } }

    /// The boundary (rings of a polygon, end points of a line).
    public func boundary() throws -> Geometry { try context.make("boundary") { GEOSBoundary_r($0, pointer) } }

    /// Lines sewn together where they share end points.
    public func lineMerged() throws -> Geometry { try context.make("lineMerge") { GEOSLineMerge_r($0, pointer) } }

    /// Simplified within `tolerance` without changing topology.
    public func simplified(tolerance: Double) throws -> Geometry {
        try context.make("topologyPreserveSimplify") { GEOSTopologyPreserveSimplify_r($0, pointer, tolerance) }
    }

    /// Simplified within `tolerance` by Douglas–Peucker, without topology checks: much faster,
    /// for drawing (rings may touch or cross where the tolerance exceeds their spacing).
    public func simplifiedForDisplay(tolerance: Double) throws -> Geometry {
        try context.make("simplify") { GEOSSimplify_r($0, pointer, tolerance) }
    }

    /// Vertices added so that no segment is longer than `maxSegmentLength` (planar units).
    public func densified(maxSegmentLength: Double) throws -> Geometry {
        try context.make("densify") { GEOSDensify_r($0, pointer, maxSegmentLength) }
    }

    /// Fast clip to a rectangle (result may be invalid at the cut for polygons touching it).
    public func clipped(to envelope: Envelope) throws -> Geometry {
        try context.make("clipByRect") { GEOSClipByRect_r($0, pointer, envelope.minX, envelope.minY, envelope.maxX, envelope.maxY) }
    }

    /// Voronoi diagram of this geometry's vertices: polygons (or edges), clipped to
    /// at least `extent` when given.
    public func voronoiDiagram(extent: Geometry? = nil, tolerance: Double = 0, onlyEdges: Bool = false) throws -> Geometry {
        if let extent { try checkSameContext(extent, "voronoiDiagram") }
        return try context.make("voronoiDiagram") {
            GEOSVoronoiDiagram_r($0, pointer, extent?.pointer, tolerance, onlyEdges ? 1 : 0)
        }
    }
}

// MARK: - Predicates

extension Geometry {
    public func intersects(_ other: Geometry) throws -> Bool {
        try checkSameContext(other, "intersects")
        return try context.predicate("intersects") { GEOSIntersects_r($0, pointer, other.pointer) }
    }

    public func contains(_ other: Geometry) throws -> Bool {
        try checkSameContext(other, "contains")
        return try context.predicate("contains") { GEOSContains_r($0, pointer, other.pointer) }
    }

    public func within(_ other: Geometry) throws -> Bool {
        try checkSameContext(other, "within")
        return try context.predicate("within") { GEOSWithin_r($0, pointer, other.pointer) }
    }

    public func touches(_ other: Geometry) throws -> Bool {
        try checkSameContext(other, "touches")
        return try context.predicate("touches") { GEOSTouches_r($0, pointer, other.pointer) }
    }

    public func covers(_ other: Geometry) throws -> Bool {
        try checkSameContext(other, "covers")
        return try context.predicate("covers") { GEOSCovers_r($0, pointer, other.pointer) }
    }

    public func coveredBy(_ other: Geometry) throws -> Bool {
        try checkSameContext(other, "coveredBy")
        return try context.predicate("coveredBy") { GEOSCoveredBy_r($0, pointer, other.pointer) }
    }

    public func disjoint(_ other: Geometry) throws -> Bool {
        try checkSameContext(other, "disjoint")
        return try context.predicate("disjoint") { GEOSDisjoint_r($0, pointer, other.pointer) }
    }

    /// Topological equality (same point set).
    public func topologicallyEquals(_ other: Geometry) throws -> Bool {
        try checkSameContext(other, "equals")
        return try context.predicate("equals") { GEOSEquals_r($0, pointer, other.pointer) }
    }
}

// MARK: - Type normalisation

extension Geometry {
    /// A Polygon as a one-part MultiPolygon, a LineString as a one-part MultiLineString,
    /// a Point as a one-part MultiPoint; other geometries unchanged. GIS layers want one type.
    public func promotedToMulti() throws -> Geometry {
        switch type {
        case .polygon: return try .collection(.multiPolygon, isEmpty ? [] : [self], in: context)
        case .lineString, .linearRing: return try .collection(.multiLineString, isEmpty ? [] : [self], in: context)
        case .point: return try .collection(.multiPoint, isEmpty ? [] : [self], in: context)
        default: return self
        }
    }
}

// MARK: - Polygonize

extension Geometry {
    /// The polygons formed by closed linework (GEOS polygonize, keeping a valid polygonal result).
    public static func polygonize(_ lines: [Geometry], in context: GeometryContext) throws -> Geometry {
        for line in lines where line.context !== context { throw GeoError.contextMismatch(operation: "polygonize") }
        // The inputs are borrowed by GEOS, not consumed.
        var pointers: [OpaquePointer?] = lines.map { $0.pointer }
        return try withExtendedLifetime(lines) {
            try pointers.withUnsafeMutableBufferPointer { buffer in
                try context.make("polygonize") { handle in
                    buffer.baseAddress!.withMemoryRebound(to: Optional<OpaquePointer>.self, capacity: buffer.count) {
                        GEOSPolygonize_valid_r(handle, $0, UInt32(buffer.count))
                    }
                }
            }
        }
    }
}
