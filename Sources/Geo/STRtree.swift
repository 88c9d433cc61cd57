import CGEOS

/// A read-only spatial index over geometries that answers with their indices,
/// like Shapely 2's `STRtree`.
///
/// Built once from all geometries (they are kept alive by the tree); queries
/// return the indices of the geometries whose envelopes meet the query's
/// envelope, optionally filtered by an exact predicate. Single-threaded.
public final class STRtree {
    /// Exact predicates applied after the envelope search: `predicate(query, tree geometry)`.
    public enum Predicate: Sendable {
        case intersects, contains, within, covers, coveredBy, touches
    }

    public let geometries: [Geometry]
    private let context: GeometryContext
    private let tree: OpaquePointer

    public init(_ geometries: [Geometry], nodeCapacity: Int = 10, context: GeometryContext) throws {
        for geometry in geometries where geometry.context !== context {
            throw GeoError.contextMismatch(operation: "STRtree")
        }
        self.geometries = geometries
        self.context = context
        context.clearError()
        guard let tree = GEOSSTRtree_create_r(context.handle, max(2, nodeCapacity)) else { throw context.failure("STRtree_create") }
        self.tree = tree
        for (index, geometry) in geometries.enumerated() where !geometry.isEmpty {
            // The item is the index + 1 stored in the pointer itself (never dereferenced).
            GEOSSTRtree_insert_r(context.handle, tree, geometry.pointer, UnsafeMutableRawPointer(bitPattern: index + 1))
        }
    }

    deinit { GEOSSTRtree_destroy_r(context.handle, tree) }

    /// Indices (ascending) of the geometries whose envelope meets `geometry`'s and,
    /// when `predicate` is given, for which `predicate(geometry, tree geometry)` holds.
    public func query(_ geometry: Geometry, predicate: Predicate? = nil) throws -> [Int] {
        try geometries.first?.checkSameContext(geometry, "STRtree.query")
        final class Hits { var indices: [Int] = [] }
        let hits = Hits()
        withExtendedLifetime(hits) {
            GEOSSTRtree_query_r(context.handle, tree, geometry.pointer, { item, userdata in
                guard let userdata else { return }
                let hits = Unmanaged<Hits>.fromOpaque(userdata).takeUnretainedValue()
                hits.indices.append(Int(bitPattern: item) - 1)
            }, Unmanaged.passUnretained(hits).toOpaque())
        }
        var candidates = hits.indices.sorted()
        guard let predicate else { return candidates }
        let prepared = try PreparedGeometry(geometry)
        candidates = try candidates.filter { index in
            let other = geometries[index]
            switch predicate {
            case .intersects: return try prepared.intersects(other)
            case .contains: return try prepared.contains(other)
            case .within: return try prepared.within(other)
            case .covers: return try prepared.covers(other)
            case .coveredBy: return try other.covers(geometry)
            case .touches: return try prepared.touches(other)
            }
        }
        return candidates
    }

    /// Index of the tree geometry nearest (planar distance) to `geometry`, or nil for an empty tree.
    public func nearest(_ geometry: Geometry) throws -> Int? {
        guard !geometries.isEmpty else { return nil }
        try geometries[0].checkSameContext(geometry, "STRtree.nearest")
        final class Search {
            let geometries: [Geometry]
            let query: Geometry
            init(_ geometries: [Geometry], _ query: Geometry) { self.geometries = geometries; self.query = query }
        }
        let search = Search(geometries, geometry)
        // Tree items are index + 1; the query item is the Search object's own address.
        let marker = Unmanaged.passUnretained(search).toOpaque()
        context.clearError()
        let item = withExtendedLifetime(search) { () -> UnsafeRawPointer? in
            GEOSSTRtree_nearest_generic_r(context.handle, tree, UnsafeRawPointer(marker), geometry.pointer, { item1, item2, distance, userdata in
                guard let userdata, let distance else { return 0 }
                let search = Unmanaged<Search>.fromOpaque(userdata).takeUnretainedValue()
                func resolve(_ item: UnsafeRawPointer?) -> Geometry? {
                    guard let item else { return nil }
                    if item == UnsafeRawPointer(userdata) { return search.query }
                    let index = Int(bitPattern: item) - 1
                    return search.geometries.indices.contains(index) ? search.geometries[index] : nil
                }
                guard let a = resolve(item1), let b = resolve(item2) else { return 0 }
                return GEOSDistance_r(a.context.handle, a.pointer, b.pointer, distance)
            }, marker)
        }
        guard let item else { throw context.failure("STRtree_nearest") }
        return Int(bitPattern: item) - 1
    }
}
