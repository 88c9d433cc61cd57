import CGEOS

// Reading and writing WKT, WKB and GeoJSON geometry objects through GEOS.
extension Geometry {
    /// Parses Well-Known Text; throws `GeoError.geos` with GEOS's parse message.
    public init(wkt: String, context: GeometryContext) throws {
        context.clearError()
        guard let reader = GEOSWKTReader_create_r(context.handle) else { throw context.failure("WKTReader") }
        defer { GEOSWKTReader_destroy_r(context.handle, reader) }
        self = try context.make("readWKT") { handle in
            wkt.withCString { GEOSWKTReader_read_r(handle, reader, $0) }
        }
    }

    /// Well-Known Text with `precision` decimals (trailing zeros trimmed), or full precision when nil.
    public func wkt(precision: Int? = nil) throws -> String {
        context.clearError()
        guard let writer = GEOSWKTWriter_create_r(handle) else { throw context.failure("WKTWriter") }
        defer { GEOSWKTWriter_destroy_r(handle, writer) }
        GEOSWKTWriter_setTrim_r(handle, writer, 1)
        if let precision { GEOSWKTWriter_setRoundingPrecision_r(handle, writer, Int32(precision)) }
        return try context.takeString("writeWKT") { GEOSWKTWriter_write_r($0, writer, pointer) }
    }

    /// Parses Well-Known Binary (either byte order).
    public init(wkb: [UInt8], context: GeometryContext) throws {
        context.clearError()
        guard let reader = GEOSWKBReader_create_r(context.handle) else { throw context.failure("WKBReader") }
        defer { GEOSWKBReader_destroy_r(context.handle, reader) }
        self = try context.make("readWKB") { handle in
            wkb.withUnsafeBufferPointer { GEOSWKBReader_read_r(handle, reader, $0.baseAddress, $0.count) }
        }
    }

    /// Well-Known Binary, little-endian, 2D.
    public var wkb: [UInt8] {
        get throws {
            context.clearError()
            guard let writer = GEOSWKBWriter_create_r(handle) else { throw context.failure("WKBWriter") }
            defer { GEOSWKBWriter_destroy_r(handle, writer) }
            GEOSWKBWriter_setByteOrder_r(handle, writer, 1)
            GEOSWKBWriter_setOutputDimension_r(handle, writer, 2)
            var size = 0
            guard let bytes = GEOSWKBWriter_write_r(handle, writer, pointer, &size) else { throw context.failure("writeWKB") }
            defer { GEOSFree_r(handle, bytes) }
            return Array(UnsafeBufferPointer(start: bytes, count: size))
        }
    }

    /// Parses a GeoJSON geometry object. A Feature gives its geometry and a
    /// FeatureCollection a GeometryCollection of its features' geometries, in order.
    public init(geoJSON: String, context: GeometryContext) throws {
        context.clearError()
        guard let reader = GEOSGeoJSONReader_create_r(context.handle) else { throw context.failure("GeoJSONReader") }
        defer { GEOSGeoJSONReader_destroy_r(context.handle, reader) }
        self = try context.make("readGeoJSON") { handle in
            geoJSON.withCString { GEOSGeoJSONReader_readGeometry_r(handle, reader, $0) }
        }
    }

    /// The GeoJSON geometry object GEOS writes (full precision; see BorderPlan's
    /// exporters for RFC 7946 output with fixed precision and ring orientation).
    public func geoJSON() throws -> String {
        context.clearError()
        guard let writer = GEOSGeoJSONWriter_create_r(handle) else { throw context.failure("GeoJSONWriter") }
        defer { GEOSGeoJSONWriter_destroy_r(handle, writer) }
        return try context.takeString("writeGeoJSON") { GEOSGeoJSONWriter_writeGeometry_r($0, writer, pointer, -1) }
    }
}

extension Geometry: CustomStringConvertible {
    /// WKT for debugging; a description cannot throw, so a failing writer shows the type only.
    public var description: String { (try? wkt(precision: 6)) ?? "<\(type.rawValue)>" }
}
