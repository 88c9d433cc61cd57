import Foundation
import Testing
@testable import BorderPlanKit
import Geo

@Suite struct ServiceAreaTests {
    /// Five crossings on a 2° square at 30° N: the service areas tile the square, and every
    /// dividing line follows the true geodesic bisector to within 1 km. Reference: along each of
    /// 19 parallels, the points where the nearest crossing (by geodesic distance alone) changes
    /// from i to j, found by bisection on the distances; each must lie within 1 km of the
    /// boundaries of both cells i and j.
    @Test func fiveSitesDivideAlongGeodesicBisectors() throws {
        let context = GeometryContext()
        let catchments = Catchments(context: context, proj: try ProjContext())
        let sites = [Coordinate(lon: 0.3, lat: 30.2), Coordinate(lon: 1.7, lat: 30.4), Coordinate(lon: 1.0, lat: 31.0),
                     Coordinate(lon: 0.4, lat: 31.8), Coordinate(lon: 1.6, lat: 31.7)]
        let square = try Geometry.rectangle(Envelope(minX: 0, minY: 30, maxX: 2, maxY: 32), in: context)
        let cells = try sites.indices.map { index in
            try catchments.serviceArea(of: sites[index], others: sites.enumerated().filter { $0.offset != index }.map(\.element)).intersection(square)
        }
        // Tiling: the areas add up to the square's (gaps and overlaps below 0.1 %).
        let squareArea = try Geodesic.wgs84.area(of: square)
        let total = try cells.reduce(0) { $0 + (try Geodesic.wgs84.area(of: $1)) }
        #expect(abs(total - squareArea) / squareArea < 0.001)
        func nearest(_ p: Coordinate) -> Int {
            sites.indices.min { Geodesic.wgs84.distance(p, sites[$0]) < Geodesic.wgs84.distance(p, sites[$1]) }!
        }
        let distances = GeodesicDistance(proj: catchments.proj)
        let boundaries = try cells.map { try $0.boundary() }
        var checked = 0
        for row in 1..<20 {
            let lat = 30 + Double(row) / 10
            var previous = nearest(Coordinate(lon: 0, lat: lat))
            for column in 1...200 {
                let lon = Double(column) / 100
                let current = nearest(Coordinate(lon: lon, lat: lat))
                guard current != previous else { continue }
                // The bisector of the two between lon − 0.01 and lon.
                var low = lon - 0.01, high = lon
                for _ in 0..<60 {
                    let mid = (low + high) / 2
                    let p = Coordinate(lon: mid, lat: lat)
                    if Geodesic.wgs84.distance(p, sites[previous]) < Geodesic.wgs84.distance(p, sites[current]) { low = mid } else { high = mid }
                }
                let onBisector = Coordinate(lon: (low + high) / 2, lat: lat)
                for cell in [previous, current] {
                    let km = try distances.distance(from: onBisector, to: boundaries[cell]) / 1_000
                    #expect(km < 1, "bisector of \(previous) and \(current) at \(onBisector) is \(km) km from cell \(cell)")
                }
                checked += 1
                previous = current
            }
        }
        // Every pair of neighbouring cells was crossed somewhere: at least one change per row.
        #expect(checked >= 19)
    }
}
