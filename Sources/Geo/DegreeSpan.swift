import Foundation

/// Half-widths in degrees of a longitude/latitude box around a point.
public struct DegreeSpan: Sendable, Equatable {
    /// Degrees of latitude either side of the point.
    public var lat: Double
    /// Degrees of longitude either side of the point (180: every longitude).
    public var lon: Double
}

extension Geodesic {
    /// The degrees that `km` can span from a point at `latitude`: every point within `km`
    /// (geodesic, or along any path) of (λ₀, φ₀) lies in [λ₀ − lon, λ₀ + lon] × [φ₀ − lat, φ₀ + lat].
    /// The one conversion from kilometres to a search box in degrees.
    ///
    /// Derivation. On the ellipsoid (equatorial radius a, eccentricity e² = f(2 − f)) a path
    /// element is ds² = M(φ)² dφ² + (N(φ) cos φ)² dλ², with the meridional radius of curvature
    /// M(φ) = a(1 − e²)/(1 − e² sin²φ)^{3/2} and the prime-vertical one N(φ) = a/(1 − e² sin²φ)^{1/2}.
    /// Both grow with |φ|, so M(φ) ≥ M(0) = a(1 − e²) and N(φ) ≥ N(0) = a. Hence:
    /// - |dφ| ≤ ds / (a(1 − e²)): a degree of latitude spans at least a(1 − e²)·π/180 km
    ///   (110.574 km on WGS84), and a path of length s moves at most s / (a(1 − e²)) radians north or south;
    /// - |dλ| ≤ ds / (a cos φ): a degree of longitude at latitude φ spans at least a·cos φ·π/180 km
    ///   (111.319·cos φ km on WGS84). The path never leaves |φ| ≤ φmax = |φ₀| + lat, where cos φ is
    ///   smallest, so the minimum over the box bounds the whole path: |Δλ| ≤ s / (a cos φmax).
    /// When φmax reaches a pole the box spans every longitude.
    public func degreesSpanning(km: Double, atLatitude latitude: Double) -> DegreeSpan {
        let distance = max(0, km) * 1_000
        let a = equatorialRadius, f = flattening
        let radiansToDegrees = 180 / Double.pi
        let lat = distance / (a * (1 - f * (2 - f))) * radiansToDegrees
        let maxLatitude = abs(latitude) + lat
        guard maxLatitude < 90 else { return DegreeSpan(lat: lat, lon: 180) }
        let lon = distance / (a * cos(maxLatitude / radiansToDegrees)) * radiansToDegrees
        return DegreeSpan(lat: lat, lon: min(180, lon))
    }
}
