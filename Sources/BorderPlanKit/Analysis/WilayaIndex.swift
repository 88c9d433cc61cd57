import Foundation
import Geo

/// The wilayas indexed once for point-in-polygon, nearest and overlay queries: an STRtree
/// over their envelopes and one prepared geometry per wilaya, kept alive with them (as
/// Shapely 2 keeps a prepared geometry on its geometry and an STRtree over the array).
/// The one wilaya index of a run: the links, the clipper, the grid of demand points and
/// the geodata build all query it. Lives in one `GeometryContext`: use it from one thread.
public final class WilayaIndex {
    public let codes: [String]
    public let geometries: [Geometry]
    public let context: GeometryContext
    let tree: STRtree
    let prepared: [PreparedGeometry]

    public init(codes: [String], geometries: [Geometry], context: GeometryContext) throws {
        precondition(codes.count == geometries.count, "one code per geometry")
        self.codes = codes
        self.geometries = geometries
        self.context = context
        tree = try STRtree(geometries, context: context)
        prepared = try geometries.map { try PreparedGeometry($0) }
    }

    /// The index of `wilayas` (in their order).
    public convenience init(_ wilayas: [Wilaya], context: GeometryContext) throws {
        try self.init(codes: wilayas.map(\.code), geometries: wilayas.map(\.geometry), context: context)
    }

    /// Indices of the wilayas whose envelope meets `geometry`'s (candidates, not a predicate).
    public func candidates(_ geometry: Geometry) throws -> [Int] {
        try tree.query(geometry)
    }

    /// The first wilaya (in index order) that covers all of `geometry` (a point on a shared
    /// boundary: the lower index), or nil when none does.
    public func covering(_ geometry: Geometry) throws -> Int? {
        try tree.query(geometry).first { try prepared[$0].covers(geometry) }
    }

    /// The wilaya holding `location` (inside or on its boundary), or nil.
    public func covering(_ location: Coordinate) throws -> Int? {
        try covering(try Geometry.point(location, in: context))
    }

    /// The wilaya nearest to `geometry` (planar distance in degrees), or nil when there is none.
    public func nearest(_ geometry: Geometry) throws -> Int? {
        try tree.nearest(geometry)
    }

    /// True when wilaya `index` meets `geometry`.
    public func intersects(_ index: Int, _ geometry: Geometry) throws -> Bool {
        try prepared[index].intersects(geometry)
    }

    /// True when wilaya `index` covers all of `geometry`.
    public func covers(_ index: Int, _ geometry: Geometry) throws -> Bool {
        try prepared[index].covers(geometry)
    }

    /// Planar distance (degrees) from wilaya `index` to `geometry`.
    public func distance(_ index: Int, to geometry: Geometry) throws -> Double {
        try prepared[index].distance(to: geometry)
    }
}
