import CGEOS
import CPROJ
import Foundation

/// Owns one PROJ context (`PJ_CONTEXT`): its database, its log and its errors.
///
/// One per thread, like `GeometryContext`; every `Transformer` keeps its context
/// alive. Creation checks that `proj.db` opens and turns network access off.
public final class ProjContext {
    let pointer: OpaquePointer
    fileprivate var lastLog: String?

    public init() throws {
        guard let pointer = proj_context_create() else {
            throw GeoError.proj(operation: "context_create", message: "out of memory")
        }
        self.pointer = pointer
        proj_context_set_enable_network(pointer, 0)
        // PROJ's log goes to this context instead of stderr.
        proj_log_func(pointer, Unmanaged.passUnretained(self).toOpaque()) { userdata, level, message in
            guard let userdata, let message, level <= Int32(PJ_LOG_ERROR.rawValue) else { return }
            Unmanaged<ProjContext>.fromOpaque(userdata).takeUnretainedValue().lastLog = String(cString: message)
        }
        // Does the database open? A CRS lookup needs it.
        guard let crs = proj_create(pointer, "EPSG:4326") else {
            let path = proj_context_get_database_path(pointer).map { String(cString: $0) } ?? "not found"
            let variable = ProcessInfo.processInfo.environment["PROJ_DATA"] ?? ProcessInfo.processInfo.environment["PROJ_LIB"] ?? "unset"
            let message = "\(errorMessage()) (database path: \(path); PROJ_DATA: \(variable))"
            proj_context_destroy(pointer)
            throw GeoError.projDatabaseUnavailable(message: message)
        }
        proj_destroy(crs)
    }

    deinit { proj_context_destroy(pointer) }

    /// PROJ's database file in use.
    public var databasePath: String? { proj_context_get_database_path(pointer).map { String(cString: $0) } }

    func errorMessage() -> String {
        let code = proj_context_errno(pointer)
        var message = code != 0 ? (proj_context_errno_string(pointer, code).map { String(cString: $0) } ?? "error \(code)") : ""
        if let log = lastLog, !message.contains(log) { message += message.isEmpty ? log : " (\(log))" }
        lastLog = nil
        return message.isEmpty ? "unknown PROJ error" : message
    }

    func failure(_ operation: String) -> GeoError {
        .proj(operation: operation, message: errorMessage())
    }

    func reset() { lastLog = nil }
}

/// A coordinate operation between two CRSs, x always east (longitude or easting).
///
/// Built once and reused: building one costs far more than applying it.
/// CRSs are EPSG codes ("EPSG:4326"), PROJ strings ("+proj=aeqd +lat_0=30 ...") or WKT.
public final class Transformer {
    public let source: String
    public let target: String
    private let context: ProjContext
    private let operation: OpaquePointer

    public init(from source: String, to target: String, context: ProjContext) throws {
        self.source = source
        self.target = target
        self.context = context
        context.reset()
        guard let raw = proj_create_crs_to_crs(context.pointer, source, target, nil) else {
            throw context.failure("create_crs_to_crs(\(source) → \(target))")
        }
        defer { proj_destroy(raw) }
        // Longitude/easting first whatever the CRS's axis order (pyproj's always_xy).
        guard let normalized = proj_normalize_for_visualization(context.pointer, raw) else {
            throw context.failure("normalize_for_visualization")
        }
        operation = normalized
    }

    /// A coordinate operation given as a PROJ pipeline string, taking longitude/latitude
    /// in degrees. Built without a database lookup: much cheaper than a CRS pair when
    /// many are needed (one per crossing).
    public init(pipeline: String, source: String, target: String, context: ProjContext) throws {
        self.source = source
        self.target = target
        self.context = context
        context.reset()
        guard let created = proj_create(context.pointer, pipeline) else {
            throw context.failure("create(\(pipeline))")
        }
        operation = created
    }

    deinit { proj_destroy(operation) }

    /// WGS84 longitude/latitude to an azimuthal equidistant projection centred on
    /// `center`, in metres: distances and azimuths from the centre are true.
    public static func azimuthalEquidistant(center: Coordinate, context: ProjContext) throws -> Transformer {
        let aeqd = "+proj=aeqd +lat_0=\(center.lat) +lon_0=\(center.lon) +x_0=0 +y_0=0 +ellps=WGS84"
        return try Transformer(pipeline: "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step \(aeqd)",
                               source: "EPSG:4326", target: aeqd + " +units=m +type=crs", context: context)
    }

    /// PROJ string of the equal-area projection used for Algeria: Albers conic on
    /// WGS84 with standard parallels 22° N and 34° N (one sixth in from the 19°–37° N span).
    public static let algeriaEqualAreaCRS = "+proj=aea +lat_0=28 +lon_0=3 +lat_1=22 +lat_2=34 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs"

    /// PROJ string of the conformal projection used for maps of Algeria: Lambert
    /// conformal conic with the same standard parallels.
    public static let algeriaConformalCRS = "+proj=lcc +lat_0=28 +lon_0=3 +lat_1=22 +lat_2=34 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs"

    /// WGS84 longitude/latitude to the Algeria equal-area projection (metres).
    public static func algeriaEqualArea(context: ProjContext) throws -> Transformer {
        try Transformer(from: "EPSG:4326", to: algeriaEqualAreaCRS, context: context)
    }

    /// Transforms one coordinate forward (source → target) or back.
    public func transform(_ coordinate: Coordinate, inverse: Bool = false) throws -> Coordinate {
        context.reset()
        proj_errno_reset(operation)
        let result = proj_trans(operation, inverse ? PJ_INV : PJ_FWD, proj_coord(coordinate.x, coordinate.y, 0, 0))
        let x = result.xy.x, y = result.xy.y
        guard x.isFinite, y.isFinite, x != .infinity, abs(x) < 1e30, abs(y) < 1e30 else {
            throw context.failure("trans\(coordinate)")
        }
        return Coordinate(x: x, y: y)
    }

    /// Transforms many coordinates in one PROJ call.
    public func transform(_ coordinates: [Coordinate], inverse: Bool = false) throws -> [Coordinate] {
        guard !coordinates.isEmpty else { return [] }
        var values = coordinates
        context.reset()
        proj_errno_reset(operation)
        let stride = MemoryLayout<Coordinate>.stride
        let count = values.count
        let done = values.withUnsafeMutableBufferPointer { buffer -> Int in
            let base = UnsafeMutableRawPointer(buffer.baseAddress!)
            return proj_trans_generic(operation, inverse ? PJ_INV : PJ_FWD,
                                      base.assumingMemoryBound(to: Double.self), stride, count,
                                      base.advanced(by: MemoryLayout<Double>.stride).assumingMemoryBound(to: Double.self), stride, count,
                                      nil, 0, 0, nil, 0, 0)
        }
        guard done == count else { throw context.failure("trans_generic") }
        for value in values where !(value.x.isFinite && value.y.isFinite && abs(value.x) < 1e30 && abs(value.y) < 1e30) {
            throw context.failure("trans_generic: a coordinate could not be transformed")
        }
        return values
    }

    /// Transforms every vertex of `geometry` (in its own context).
    public func transform(_ geometry: Geometry, inverse: Bool = false) throws -> Geometry {
        final class State {
            let operation: OpaquePointer
            let direction: PJ_DIRECTION
            var failed = false
            init(_ operation: OpaquePointer, _ direction: PJ_DIRECTION) { self.operation = operation; self.direction = direction }
        }
        let state = State(operation, inverse ? PJ_INV : PJ_FWD)
        context.reset()
        proj_errno_reset(operation)
        let context = geometry.context
        return try withExtendedLifetime(state) {
            do {
                return try context.make("transformXY") { handle in
                    GEOSGeom_transformXY_r(handle, geometry.pointer, { x, y, userdata in
                        guard let x, let y, let userdata else { return 0 }
                        let state = Unmanaged<State>.fromOpaque(userdata).takeUnretainedValue()
                        let out = proj_trans(state.operation, state.direction, proj_coord(x.pointee, y.pointee, 0, 0))
                        guard out.xy.x.isFinite, out.xy.y.isFinite, abs(out.xy.x) < 1e30, abs(out.xy.y) < 1e30 else {
                            state.failed = true
                            return 0
                        }
                        x.pointee = out.xy.x
                        y.pointee = out.xy.y
                        return 1
                    }, Unmanaged.passUnretained(state).toOpaque())
                }
            } catch {
                if state.failed { throw self.context.failure("transform geometry") }
                throw error
            }
        }
    }
}
