import Foundation
import Geo

/// A wilaya's main town: its largest GeoNames place, else a point on its surface.
public struct MainTown {
    public var name: String
    public var location: Coordinate
    /// False when the wilaya has no GeoNames place and a point on its surface stands in.
    public var isPlace: Bool
}

extension Geodata {
    /// The main town of wilaya `code`.
    public func mainTown(of code: String) throws -> MainTown? {
        if let place = try places().filter({ $0.wilaya == code }).max(by: { ($0.population, -$0.id) < ($1.population, -$1.id) }) {
            return MainTown(name: place.name, location: place.location, isPlace: true)
        }
        guard let wilaya = try wilaya(code: code), let point = try wilaya.geometry.pointOnSurface().coordinates.first else { return nil }
        return MainTown(name: "\(wilaya.nameEN) (point on surface)", location: point, isPlace: false)
    }
}

/// What the geometry says about a crossing: computed, never typed in.
public struct CrossingLinks {
    public struct WilayaLink {
        public var code: String
        /// Inside (point in polygon) or nearest (outside Algeria, within 5 km + the position's precision).
        public var method: LinkMethod
        public var distanceKm: Double
    }

    public struct NearbyPlace {
        public var place: Place
        public var distanceKm: Double
    }

    public var wilaya: WilayaLink?
    /// Geodesic distance to each land border, km, by ISO-2 code.
    public var borderDistancesKm: [Partner: Double]
    /// The nearest land border (ISO-2).
    public var border: Partner?
    public var kmToBorder: Double?
    /// Ids of the committees that concern the crossing.
    public var committees: [String]
    public var nearestPlaces: [NearbyPlace]
    public var kmToAlgiers: Double?
    public var wilayaMainTown: MainTown?
    public var kmToWilayaMainTown: Double?
}

/// Links every crossing to the geometry: its wilaya, its border, its committees,
/// its nearest places and distances. Built once per run; holds one PROJ context.
public final class KnowledgeLinker {
    public static let wilayaSnapKm = 5.0
    public static let nearestPlaceCount = 3

    public let geodata: Geodata
    public let knowledge: KnowledgeBase
    private let distances: GeodesicDistance
    private var cache: [String: CrossingLinks] = [:]
    /// The wilayas indexed once (shared with `AnalysisData` when it builds the linker).
    public let wilayaIndex: WilayaIndex

    /// Loads the wilayas and indexes them unless `wilayaIndex` (of the same wilayas, in
    /// code order, in `geodata.context`) is given: a failure is thrown here, not met later.
    public init(geodata: Geodata, knowledge: KnowledgeBase, proj: ProjContext, wilayaIndex: WilayaIndex? = nil) throws {
        self.geodata = geodata
        self.knowledge = knowledge
        self.distances = GeodesicDistance(proj: proj)
        self.wilayaIndex = try wilayaIndex ?? WilayaIndex(try geodata.wilayas(), context: geodata.context)
    }

    /// Links of `crossing` (computed on first use).
    public func links(for crossing: Crossing) throws -> CrossingLinks {
        if let cached = cache[crossing.id] { return cached }
        let links = try compute(crossing)
        cache[crossing.id] = links
        return links
    }

    /// The wilaya containing `location`, else the nearest within 5 km plus `precisionKm`
    /// (posts sit on the line, and an estimated position may fall just across it).
    public func wilaya(at location: Coordinate, precisionKm: Double = 0) throws -> CrossingLinks.WilayaLink? {
        let snapKm = Self.wilayaSnapKm + max(0, precisionKm.isFinite ? precisionKm : 0)
        guard location.lat.isFinite, location.lon.isFinite, abs(location.lat) <= 90, abs(location.lon) <= 180 else { return nil }
        let index = wilayaIndex
        if let inside = try index.covering(location) {
            return .init(code: index.codes[inside], method: .inside, distanceKm: 0)
        }
        // Every wilaya within the snap distance meets this box (a proven bound).
        let span = Geodesic.wgs84.degreesSpanning(km: snapKm, atLatitude: location.lat)
        let box = try Geometry.rectangle(Envelope(minX: location.lon - span.lon, minY: location.lat - span.lat,
                                                  maxX: location.lon + span.lon, maxY: location.lat + span.lat), in: index.context)
        var best: CrossingLinks.WilayaLink?
        for candidate in try index.candidates(box) {
            let km = try distances.distance(from: location, to: index.geometries[candidate]) / 1_000
            if km <= snapKm, km < (best?.distanceKm ?? .infinity) {
                best = .init(code: index.codes[candidate], method: .nearest, distanceKm: km)
            }
        }
        return best
    }

    private func compute(_ crossing: Crossing) throws -> CrossingLinks {
        let location = crossing.location
        let wilaya = try self.wilaya(at: location, precisionKm: crossing.precisionKm)
        var borderDistances: [Partner: Double] = [:]
        let valid = location.lat.isFinite && location.lon.isFinite && abs(location.lat) <= 90 && abs(location.lon) <= 180
        if valid {
            for border in try geodata.landBorders() {
                guard let country = border.country else { continue }
                borderDistances[country] = try distances.distance(from: location, to: border.geometry) / 1_000
            }
        }
        let nearestBorder = borderDistances.min { ($0.value, $0.key) < ($1.value, $1.key) }
        let parent = try wilaya.flatMap { try geodata.wilaya(code: $0.code)?.parent }
        let concerned = knowledge.committees.filter { committee in
            guard committee.partners.contains(crossing.partner) else { return false }
            guard committee.isLimitedToNamedWilayas else { return true }
            let named = Set(committee.algerianWilayaCodes ?? [])
            return [wilaya?.code, parent].contains { $0.map(named.contains) ?? false }
        }.map(\.id)
        var places: [CrossingLinks.NearbyPlace] = []
        var algiers: Double?
        var mainTown: MainTown?
        var toMainTown: Double?
        if valid {
            places = try geodata.places().map { CrossingLinks.NearbyPlace(place: $0, distanceKm: Geodesic.wgs84.distance(location, $0.location) / 1_000) }
                .sorted { ($0.distanceKm, $0.place.id) < ($1.distanceKm, $1.place.id) }
                .prefix(Self.nearestPlaceCount).map { $0 }
            algiers = try geodata.mainTown(of: "16").map { Geodesic.wgs84.distance(location, $0.location) / 1_000 }
            if let code = wilaya?.code, let town = try geodata.mainTown(of: code) {
                mainTown = town
                toMainTown = Geodesic.wgs84.distance(location, town.location) / 1_000
            }
        }
        return CrossingLinks(wilaya: wilaya, borderDistancesKm: borderDistances, border: nearestBorder?.key, kmToBorder: nearestBorder?.value,
                             committees: concerned, nearestPlaces: places, kmToAlgiers: algiers, wilayaMainTown: mainTown, kmToWilayaMainTown: toMainTown)
    }
}
