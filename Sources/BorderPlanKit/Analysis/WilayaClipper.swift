import Foundation
import Geo

/// Cuts geometries by the wilayas, through the run's `WilayaIndex`.
/// `AnalysisData` keeps one; parallel workers build their own from WKB copies.
public struct WilayaClipper {
    public let index: WilayaIndex

    public init(index: WilayaIndex) {
        self.index = index
    }

    /// `geometry` cut by every wilaya it meets: (code, part, geodesic km²), by code.
    public func split(_ geometry: Geometry) throws -> [(code: String, part: Geometry, areaKm2: Double)] {
        guard !geometry.isEmpty else { return [] }
        var result: [(code: String, part: Geometry, areaKm2: Double)] = []
        for wilaya in try index.candidates(geometry) {
            guard try index.intersects(wilaya, geometry) else { continue }
            let part = try index.covers(wilaya, geometry) ? geometry : try Self.intersection(of: index.geometries[wilaya], with: geometry)
            let area = try Geodesic.wgs84.area(of: part) / 1e6
            if area > 0 { result.append((index.codes[wilaya], part, area)) }
        }
        return result.sorted { $0.code < $1.code }
    }

    /// The polygonal intersection of a large polygon with a smaller one. The large one is
    /// first cut to the small one's bounding box (a linear-time clip), so the overlay only
    /// sees the vertices that matter. A GEOS failure is thrown, never replaced by a guess.
    public static func intersection(of large: Geometry, with small: Geometry) throws -> Geometry {
        guard let box = small.envelope else { return try Geometry.empty(.multiPolygon, in: small.context) }
        return try large.clipped(to: box.expanded(by: 1e-7)).intersection(small).polygonalParts()
    }
}

/// A geodesic disc clipped to Algeria, as computed by `AnalysisData.clippedDiscs`.
public struct ClippedDisc: Sendable {
    /// Area in each wilaya it meets, km², by code.
    public var wilayas: [WilayaArea]
    /// The clipped disc as WKB (moved between threads as bytes); empty unless asked for.
    public var wkb: [UInt8]
    public var areaKm2: Double { wilayas.reduce(0) { $0 + $1.areaKm2 } }
}

/// A wilaya code and an area.
public struct WilayaArea: Sendable, Equatable {
    public var code: String
    public var areaKm2: Double
}

extension AnalysisData {
    /// Discs of `radiusKm` around many centres, clipped to Algeria, on every core: each
    /// worker thread has its own GEOS and PROJ contexts and its own copy of the wilayas
    /// (from WKB). Results come back in the order asked, identical to a sequential run.
    /// `geometries`: also return each clipped disc (as WKB), which costs a union of its pieces.
    public func clippedDiscs(_ requests: [(center: Coordinate, radiusKm: Double)], geometries: Bool = false) throws -> [ClippedDisc] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4, requests.count / 8))
        let codes = wilayas.map(\.code)
        let wkbs = try wilayas.map { try $0.geometry.wkb }
        let work = requests.map { (center: $0.center, radiusKm: $0.radiusKm) }
        final class Results: @unchecked Sendable {
            var discs: [ClippedDisc?]
            var error: Error?
            let lock = NSLock()
            init(_ count: Int) { discs = Array(repeating: nil, count: count) }
        }
        let results = Results(work.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            do {
                let context = GeometryContext()
                let proj = try ProjContext()
                let clipper = WilayaClipper(index: try WilayaIndex(codes: codes, geometries: try wkbs.map { try Geometry(wkb: $0, context: context) }, context: context))
                let catchments = Catchments(context: context, proj: proj)
                for index in stride(from: worker, to: work.count, by: workers) {
                    let disc = try catchments.disc(center: work[index].center, radiusKm: work[index].radiusKm)
                    let parts = try clipper.split(disc)
                    var wkb: [UInt8] = []
                    if geometries {
                        wkb = try (parts.isEmpty ? try Geometry.empty(.multiPolygon, in: context) : try Geometry.union(of: parts.map(\.part), in: context)).wkb
                    }
                    let result = ClippedDisc(wilayas: parts.map { WilayaArea(code: $0.code, areaKm2: $0.areaKm2) }, wkb: wkb)
                    results.lock.withLock { results.discs[index] = result }
                }
            } catch {
                results.lock.withLock { if results.error == nil { results.error = error } }
            }
        }
        if let error = results.error { throw error }
        return results.discs.map { $0! }
    }
}
