import CGEOS

/// A geometry prepared for many repeated predicate tests (point-in-polygon, etc.).
///
/// Prepare once and query many times: preparation builds indexes that make each
/// test orders of magnitude faster. Keeps its source geometry alive; used on the
/// source's context and thread only.
public final class PreparedGeometry {
    /// The geometry that was prepared.
    public let geometry: Geometry
    private let prepared: OpaquePointer

    public init(_ geometry: Geometry) throws {
        self.geometry = geometry
        geometry.context.clearError()
        guard let prepared = GEOSPrepare_r(geometry.handle, geometry.pointer) else {
            throw geometry.context.failure("prepare")
        }
        self.prepared = prepared
    }

    deinit { GEOSPreparedGeom_destroy_r(geometry.handle, prepared) }

    private var context: GeometryContext { geometry.context }

    public func contains(_ other: Geometry) throws -> Bool {
        try geometry.checkSameContext(other, "preparedContains")
        return try context.predicate("preparedContains") { GEOSPreparedContains_r($0, prepared, other.pointer) }
    }

    /// True when `other` lies in the interior (touching no boundary): a grid cell wholly inside
    /// a commune needs no clipping.
    public func containsProperly(_ other: Geometry) throws -> Bool {
        try geometry.checkSameContext(other, "preparedContainsProperly")
        return try context.predicate("preparedContainsProperly") { GEOSPreparedContainsProperly_r($0, prepared, other.pointer) }
    }

    public func covers(_ other: Geometry) throws -> Bool {
        try geometry.checkSameContext(other, "preparedCovers")
        return try context.predicate("preparedCovers") { GEOSPreparedCovers_r($0, prepared, other.pointer) }
    }

    public func intersects(_ other: Geometry) throws -> Bool {
        try geometry.checkSameContext(other, "preparedIntersects")
        return try context.predicate("preparedIntersects") { GEOSPreparedIntersects_r($0, prepared, other.pointer) }
    }

    public func within(_ other: Geometry) throws -> Bool {
        try geometry.checkSameContext(other, "preparedWithin")
        return try context.predicate("preparedWithin") { GEOSPreparedWithin_r($0, prepared, other.pointer) }
    }

    public func touches(_ other: Geometry) throws -> Bool {
        try geometry.checkSameContext(other, "preparedTouches")
        return try context.predicate("preparedTouches") { GEOSPreparedTouches_r($0, prepared, other.pointer) }
    }

    public func disjoint(_ other: Geometry) throws -> Bool {
        try geometry.checkSameContext(other, "preparedDisjoint")
        return try context.predicate("preparedDisjoint") { GEOSPreparedDisjoint_r($0, prepared, other.pointer) }
    }

    /// Planar distance to `other`.
    public func distance(to other: Geometry) throws -> Double {
        try geometry.checkSameContext(other, "preparedDistance")
        return try context.measure("preparedDistance") { GEOSPreparedDistance_r($0, prepared, other.pointer, $1) }
    }

    /// Convenience: does the prepared geometry contain the point (x, y)?
    public func contains(_ point: Coordinate) throws -> Bool {
        try contains(try Geometry.point(point, in: context))
    }

    /// Convenience: does the prepared geometry cover the point (x, y) (boundary included)?
    public func covers(_ point: Coordinate) throws -> Bool {
        try covers(try Geometry.point(point, in: context))
    }
}
