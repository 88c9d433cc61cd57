import CGEOS
import Foundation

/// Owns one GEOS context handle and the messages GEOS reports through it.
///
/// Ownership rules (the only place they are written down):
/// - A `GeometryContext` owns its `GEOSContextHandle_t` and finishes it in `deinit`.
/// - Every `Geometry` created in a context keeps that context alive and is
///   destroyed through it, exactly once.
/// - A context, and every geometry, prepared geometry or tree made in it, must be
///   used by one thread at a time. Contexts are cheap: give each thread or task its own.
///   Geometries move between threads as WKB.
public final class GeometryContext {
    let handle: GEOSContextHandle_t
    private var lastError: String?

    /// `GEOS_init_r` touches a process-wide global: contexts are created one at a time.
    private static let creationLock = NSLock()

    public init() {
        handle = Self.creationLock.withLock { GEOS_init_r() }
        let me = Unmanaged.passUnretained(self).toOpaque()
        GEOSContext_setErrorMessageHandler_r(handle, { message, userdata in
            guard let userdata else { return }
            let context = Unmanaged<GeometryContext>.fromOpaque(userdata).takeUnretainedValue()
            context.lastError = message.map { String(cString: $0) } ?? "unknown GEOS error"
        }, me)
        // No notice handler: GEOS's notices (informational) are dropped, never printed.
    }

    deinit { GEOS_finish_r(handle) }

    // MARK: - Calling GEOS with its return conventions

    /// Runs a GEOS constructor (NULL on error) and takes ownership of the result.
    func make(_ operation: String, _ body: (GEOSContextHandle_t) -> OpaquePointer?) throws -> Geometry {
        lastError = nil
        guard let pointer = body(handle) else { throw failure(operation) }
        return Geometry(owning: pointer, in: self)
    }

    /// Runs a GEOS predicate (0/1, 2 on error).
    func predicate(_ operation: String, _ body: (GEOSContextHandle_t) -> CChar) throws -> Bool {
        lastError = nil
        switch body(handle) {
        case 0: return false
        case 1: return true
        default: throw failure(operation)
        }
    }

    /// Runs a GEOS measure (returns 0 on error, value in an out-parameter).
    func measure(_ operation: String, _ body: (GEOSContextHandle_t, UnsafeMutablePointer<Double>) -> Int32) throws -> Double {
        lastError = nil
        var value = 0.0
        guard body(handle, &value) != 0 else { throw failure(operation) }
        return value
    }

    /// Runs a GEOS call that returns a status integer (0 on error for most, -1 for some).
    func status(_ operation: String, errorValue: Int32 = 0, _ body: (GEOSContextHandle_t) -> Int32) throws -> Int32 {
        lastError = nil
        let result = body(handle)
        if result == errorValue || (errorValue == 0 && result < 0) { throw failure(operation) }
        return result
    }

    /// Takes a GEOS-allocated C string, copies it, and frees it with `GEOSFree_r`.
    func takeString(_ operation: String, _ body: (GEOSContextHandle_t) -> UnsafeMutablePointer<CChar>?) throws -> String {
        lastError = nil
        guard let cString = body(handle) else { throw failure(operation) }
        defer { GEOSFree_r(handle, cString) }
        return String(cString: cString)
    }

    func clearError() { lastError = nil }

    func failure(_ operation: String) -> GeoError {
        let message = lastError ?? "no message from GEOS"
        lastError = nil
        return .geos(operation: operation, message: message)
    }
}
