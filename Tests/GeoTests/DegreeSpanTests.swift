import Foundation
import Testing
import Geo

@Suite struct DegreeSpanTests {
    /// The box must hold every point within `km`: checked against GeographicLib's direct
    /// problem (PROJ's geodesic.h) for 72 azimuths, latitudes from −80° to 80° and 1–5,000 km.
    @Test func boxHoldsEveryPointWithinTheDistance() {
        for latitude in stride(from: -80.0, through: 80.0, by: 10) {
            for km in [1.0, 15, 100, 1_000, 5_000] {
                let span = Geodesic.wgs84.degreesSpanning(km: km, atLatitude: latitude)
                let start = Coordinate(lon: 3, lat: latitude)
                for step in 0..<72 {
                    let end = Geodesic.wgs84.direct(from: start, azimuth: Double(step) * 5, distance: km * 1_000).coordinate
                    var dLon = abs(end.lon - start.lon)
                    if dLon > 180 { dLon = 360 - dLon }
                    #expect(abs(end.lat - start.lat) <= span.lat, "latitude \(latitude), \(km) km, azimuth \(step * 5)")
                    #expect(dLon <= span.lon, "latitude \(latitude), \(km) km, azimuth \(step * 5)")
                }
            }
        }
    }

    /// The bound is tight where the radii of curvature are smallest, at the equator: a degree of
    /// latitude is 110.574 km there and a degree of longitude 111.319 km (a·π/180, a = 6,378,137 m).
    @Test func boundIsTightAtTheEquatorAndMatchesTheRadii() {
        let span = Geodesic.wgs84.degreesSpanning(km: 1, atLatitude: 0)
        #expect(abs(1 / span.lat - 110.574) < 0.001)
        #expect(abs(1 / span.lon - 111.319) < 0.001)
        let east = Geodesic.wgs84.direct(from: Coordinate(lon: 0, lat: 0), azimuth: 90, distance: 1_000).coordinate
        #expect(east.lon / span.lon > 0.999_999)
        // At 36° N a 15 km snap spans 0.1668° of longitude (15 / (111.319·cos 36.136°)), more than the
        // 0.16° that "snap/100 + 0.01" gave (14.4 km there).
        let snap = Geodesic.wgs84.degreesSpanning(km: 15, atLatitude: 36)
        #expect(abs(snap.lon - 15 / (111.319 * cos((36 + snap.lat) * .pi / 180))) < 1e-4)
        #expect(abs(snap.lon - 0.1668) < 1e-4)
        // Reaching a pole: every longitude.
        #expect(Geodesic.wgs84.degreesSpanning(km: 200, atLatitude: 89).lon == 180)
    }
}
