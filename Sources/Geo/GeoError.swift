/// Errors raised by the geometry and geodesy layer.
///
/// Every failure of GEOS or PROJ surfaces here with the library's own message,
/// so callers can report what went wrong without ever reading stderr.
public enum GeoError: Error, Equatable, CustomStringConvertible {
    /// GEOS reported an error (or returned an error code) during `operation`.
    case geos(operation: String, message: String)
    /// PROJ reported an error during `operation`.
    case proj(operation: String, message: String)
    /// PROJ's database (`proj.db`) could not be opened.
    case projDatabaseUnavailable(message: String)
    /// Input that cannot describe a geometry (malformed text, wrong type, bad coordinates).
    case invalidInput(String)
    /// Two geometries from different `GeometryContext`s were combined.
    case contextMismatch(operation: String)

    public var description: String {
        switch self {
        case let .geos(operation, message): return "GEOS \(operation) failed: \(message)"
        case let .proj(operation, message): return "PROJ \(operation) failed: \(message)"
        case let .projDatabaseUnavailable(message):
            return "PROJ database (proj.db) cannot be opened: \(message). "
                + "Install proj-data, or set PROJ_DATA to the folder that holds proj.db."
        case let .invalidInput(message): return message
        case let .contextMismatch(operation):
            return "\(operation): geometries belong to different GeometryContexts"
        }
    }
}
