import CGEOS

/// A position in the plane: longitude/latitude in degrees for WGS84 data,
/// easting/northing in metres for projected data. `x` always comes first.
public struct Coordinate: Hashable, Sendable, Codable, CustomStringConvertible {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// A geographic position; longitude first, as everywhere in this API.
    public init(lon: Double, lat: Double) {
        self.init(x: lon, y: lat)
    }

    public var lon: Double { x }
    public var lat: Double { y }

    public var description: String { "(\(x), \(y))" }
}

/// The geometry types of the OGC simple-features model.
public enum GeometryType: String, Sendable, CaseIterable {
    case point = "Point"
    case lineString = "LineString"
    case linearRing = "LinearRing"
    case polygon = "Polygon"
    case multiPoint = "MultiPoint"
    case multiLineString = "MultiLineString"
    case multiPolygon = "MultiPolygon"
    case geometryCollection = "GeometryCollection"

    init?(geosTypeID: Int32) {
        switch geosTypeID {
        case 0: self = .point
        case 1: self = .lineString
        case 2: self = .linearRing
        case 3: self = .polygon
        case 4: self = .multiPoint
        case 5: self = .multiLineString
        case 6: self = .multiPolygon
        case 7: self = .geometryCollection
        default: return nil
        }
    }

    var geosTypeID: Int32 {
        switch self {
        case .point: return 0
        case .lineString: return 1
        case .linearRing: return 2
        case .polygon: return 3
        case .multiPoint: return 4
        case .multiLineString: return 5
        case .multiPolygon: return 6
        case .geometryCollection: return 7
        }
    }

    /// True for Polygon and MultiPolygon.
    public var isPolygonal: Bool { self == .polygon || self == .multiPolygon }
}

/// An axis-aligned bounding box.
public struct Envelope: Equatable, Sendable, Codable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// The smallest envelope holding both.
    public func union(_ other: Envelope) -> Envelope {
        Envelope(minX: min(minX, other.minX), minY: min(minY, other.minY),
                 maxX: max(maxX, other.maxX), maxY: max(maxY, other.maxY))
    }

    /// This envelope grown by `margin` on every side.
    public func expanded(by margin: Double) -> Envelope {
        Envelope(minX: minX - margin, minY: minY - margin, maxX: maxX + margin, maxY: maxY + margin)
    }

    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }
}

/// An immutable GEOS geometry with value semantics.
///
/// The underlying `GEOSGeometry` is owned by exactly one `Geometry` storage
/// object and destroyed through its `GeometryContext` when the last copy goes
/// away. Sub-geometries are returned as clones, so nothing is ever freed twice.
/// Not `Sendable`: a geometry belongs to its context's thread (see `GeometryContext`).
public struct Geometry {
    final class Storage {
        let pointer: OpaquePointer
        let context: GeometryContext

        init(pointer: OpaquePointer, context: GeometryContext) {
            self.pointer = pointer
            self.context = context
        }

        deinit { GEOSGeom_destroy_r(context.handle, pointer) }
    }

    let storage: Storage

    init(owning pointer: OpaquePointer, in context: GeometryContext) {
        storage = Storage(pointer: pointer, context: context)
    }

    var pointer: OpaquePointer { storage.pointer }
    var handle: GEOSContextHandle_t { storage.context.handle }

    /// The context this geometry was made in; operations on it run there.
    public var context: GeometryContext { storage.context }

    func checkSameContext(_ other: Geometry, _ operation: String) throws {
        guard other.context === context else { throw GeoError.contextMismatch(operation: operation) }
    }
}

// MARK: - Construction from coordinates

extension Geometry {
    /// A point.
    public static func point(_ coordinate: Coordinate, in context: GeometryContext) throws -> Geometry {
        guard coordinate.x.isFinite, coordinate.y.isFinite else {
            throw GeoError.invalidInput("point coordinate is not finite: \(coordinate)")
        }
        return try context.make("createPoint") { GEOSGeom_createPointFromXY_r($0, coordinate.x, coordinate.y) }
    }

    /// A line string through `coordinates` (at least two).
    public static func lineString(_ coordinates: [Coordinate], in context: GeometryContext) throws -> Geometry {
        guard coordinates.count >= 2 else {
            throw GeoError.invalidInput("a line string needs at least 2 coordinates, got \(coordinates.count)")
        }
        let sequence = try makeSequence(coordinates, in: context)
        return try context.make("createLineString") { GEOSGeom_createLineString_r($0, sequence) }
    }

    /// A polygon from its exterior ring and holes; each ring must be closed (first == last).
    public static func polygon(exterior: [Coordinate], holes: [[Coordinate]] = [], in context: GeometryContext) throws -> Geometry {
        let shell = try makeRing(exterior, in: context)
        var holePointers: [OpaquePointer?] = []
        for hole in holes {
            do { holePointers.append(try makeRing(hole, in: context)) } catch {
                GEOSGeom_destroy_r(context.handle, shell)
                for pointer in holePointers { if let pointer { GEOSGeom_destroy_r(context.handle, pointer) } }
                throw error
            }
        }
        // The polygon takes ownership of the shell and the holes.
        return try holePointers.withUnsafeMutableBufferPointer { buffer in
            try context.make("createPolygon") {
                GEOSGeom_createPolygon_r($0, shell, buffer.baseAddress, UInt32(buffer.count))
            }
        }
    }

    /// A multi-geometry or collection of copies of `parts`.
    public static func collection(_ type: GeometryType, _ parts: [Geometry], in context: GeometryContext) throws -> Geometry {
        guard [.multiPoint, .multiLineString, .multiPolygon, .geometryCollection].contains(type) else {
            throw GeoError.invalidInput("\(type.rawValue) is not a collection type")
        }
        var clones: [OpaquePointer?] = []
        clones.reserveCapacity(parts.count)
        for part in parts {
            guard part.context === context else { throw GeoError.contextMismatch(operation: "collection") }
            guard let clone = GEOSGeom_clone_r(context.handle, part.pointer) else {
                for pointer in clones { if let pointer { GEOSGeom_destroy_r(context.handle, pointer) } }
                throw context.failure("clone")
            }
            clones.append(clone)
        }
        // The collection takes ownership of the clones.
        return try clones.withUnsafeMutableBufferPointer { buffer in
            try context.make("createCollection") {
                GEOSGeom_createCollection_r($0, type.geosTypeID, buffer.baseAddress, UInt32(buffer.count))
            }
        }
    }

    /// An empty geometry of `type` (Point, LineString, Polygon or a collection type).
    public static func empty(_ type: GeometryType, in context: GeometryContext) throws -> Geometry {
        switch type {
        case .point: return try context.make("createEmptyPoint") { GEOSGeom_createEmptyPoint_r($0) }
        case .lineString, .linearRing: return try context.make("createEmptyLineString") { GEOSGeom_createEmptyLineString_r($0) }
        case .polygon: return try context.make("createEmptyPolygon") { GEOSGeom_createEmptyPolygon_r($0) }
        default: return try context.make("createEmptyCollection") { GEOSGeom_createEmptyCollection_r($0, type.geosTypeID) }
        }
    }

    /// A rectangle polygon covering `envelope`.
    public static func rectangle(_ envelope: Envelope, in context: GeometryContext) throws -> Geometry {
        try context.make("createRectangle") {
            GEOSGeom_createRectangle_r($0, envelope.minX, envelope.minY, envelope.maxX, envelope.maxY)
        }
    }

    static func makeSequence(_ coordinates: [Coordinate], in context: GeometryContext) throws -> OpaquePointer {
        for coordinate in coordinates where !(coordinate.x.isFinite && coordinate.y.isFinite) {
            throw GeoError.invalidInput("coordinate is not finite: \(coordinate)")
        }
        let sequence = coordinates.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: Double.self) { doubles in
                GEOSCoordSeq_copyFromBuffer_r(context.handle, doubles.baseAddress, UInt32(coordinates.count), 0, 0)
            }
        }
        guard let sequence else { throw context.failure("createCoordSeq") }
        return sequence
    }

    static func makeRing(_ coordinates: [Coordinate], in context: GeometryContext) throws -> OpaquePointer {
        guard coordinates.count >= 4 else {
            throw GeoError.invalidInput("a polygon ring needs at least 4 coordinates, got \(coordinates.count)")
        }
        guard coordinates.first == coordinates.last else {
            throw GeoError.invalidInput("a polygon ring must be closed (first coordinate \(coordinates[0]) ≠ last \(coordinates[coordinates.count - 1]))")
        }
        let sequence = try makeSequence(coordinates, in: context)
        context.clearError()
        guard let ring = GEOSGeom_createLinearRing_r(context.handle, sequence) else { throw context.failure("createLinearRing") }
        return ring
    }
}

// MARK: - Structure

extension Geometry {
    /// The geometry's type.
    public var type: GeometryType {
        GeometryType(geosTypeID: GEOSGeomTypeId_r(handle, pointer)) ?? .geometryCollection
    }

    /// True when the geometry has no points.
    public var isEmpty: Bool { GEOSisEmpty_r(handle, pointer) == 1 }

    /// Number of parts of a multi-geometry or collection (1 for a single geometry).
    public var numberOfGeometries: Int { Int(max(0, GEOSGetNumGeometries_r(handle, pointer))) }

    /// A copy of part `index` of a multi-geometry or collection.
    public func geometry(at index: Int) throws -> Geometry {
        guard index >= 0, index < numberOfGeometries else {
            throw GeoError.invalidInput("part index \(index) out of range 0..<\(numberOfGeometries)")
        }
        // GEOSGetGeometryN_r returns a borrowed pointer: clone it, never free it.
        guard let borrowed = GEOSGetGeometryN_r(handle, pointer, Int32(index)) else { throw context.failure("getGeometryN") }
        return try context.make("clone") { GEOSGeom_clone_r($0, borrowed) }
    }

    /// Copies of all parts (the geometry itself when it is not a collection).
    public var parts: [Geometry] {
        get throws {
            switch type {
            case .multiPoint, .multiLineString, .multiPolygon, .geometryCollection:
                return try (0..<numberOfGeometries).map { try geometry(at: $0) }
            default:
                return [self]
            }
        }
    }

    /// The vertices of a Point, LineString or LinearRing.
    public var coordinates: [Coordinate] {
        get throws {
            guard [.point, .lineString, .linearRing].contains(type) else {
                throw GeoError.invalidInput("coordinates of a \(type.rawValue): take its parts or rings first")
            }
            if isEmpty { return [] }
            guard let sequence = GEOSGeom_getCoordSeq_r(handle, pointer) else { throw context.failure("getCoordSeq") }
            return try Self.read(sequence: sequence, context: context)
        }
    }

    static func read(sequence: OpaquePointer, context: GeometryContext) throws -> [Coordinate] {
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(context.handle, sequence, &size) != 0 else { throw context.failure("coordSeqSize") }
        var result = [Coordinate](repeating: Coordinate(x: 0, y: 0), count: Int(size))
        let ok = result.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: Double.self) { doubles in
                GEOSCoordSeq_copyToBuffer_r(context.handle, sequence, doubles.baseAddress, 0, 0)
            }
        }
        guard ok != 0 else { throw context.failure("coordSeqCopyToBuffer") }
        return result
    }

    /// Exterior ring first, then the holes, of a Polygon.
    public var rings: [[Coordinate]] {
        get throws {
            guard type == .polygon else { throw GeoError.invalidInput("rings of a \(type.rawValue): only a Polygon has rings") }
            if isEmpty { return [] }
            var result: [[Coordinate]] = []
            // Borrowed ring pointers: read their sequences, never free them.
            guard let shell = GEOSGetExteriorRing_r(handle, pointer),
                  let shellSequence = GEOSGeom_getCoordSeq_r(handle, shell) else { throw context.failure("getExteriorRing") }
            result.append(try Self.read(sequence: shellSequence, context: context))
            let holes = GEOSGetNumInteriorRings_r(handle, pointer)
            if holes > 0 {
                for index in 0..<holes {
                    guard let ring = GEOSGetInteriorRingN_r(handle, pointer, index),
                          let sequence = GEOSGeom_getCoordSeq_r(handle, ring) else { throw context.failure("getInteriorRingN") }
                    result.append(try Self.read(sequence: sequence, context: context))
                }
            }
            return result
        }
    }

    /// Total number of vertices.
    public var numberOfCoordinates: Int { Int(max(0, GEOSGetNumCoordinates_r(handle, pointer))) }

    /// The bounding box, or nil for an empty geometry.
    public var envelope: Envelope? {
        if isEmpty { return nil }
        var minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0
        guard GEOSGeom_getXMin_r(handle, pointer, &minX) != 0,
              GEOSGeom_getYMin_r(handle, pointer, &minY) != 0,
              GEOSGeom_getXMax_r(handle, pointer, &maxX) != 0,
              GEOSGeom_getYMax_r(handle, pointer, &maxY) != 0 else { return nil }
        return Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }
}
