import CGEOS
import CPROJ

/// Versions of the C libraries BorderPlan runs on.
public enum LibraryVersions {
    /// GEOS version, e.g. "3.11.1-CAPI-1.17.1".
    public static var geos: String { String(cString: GEOSversion()) }
    /// PROJ version, e.g. "9.1.1".
    public static var proj: String { String(cString: proj_info().version) }
}
