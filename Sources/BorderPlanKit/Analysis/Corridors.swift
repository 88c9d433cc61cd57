import Foundation
import Geo

/// The town sizes a corridor reports: the nearest town of at least 10 k, 50 k and 100 k people.
public enum TownSize: Int, CaseIterable, Sendable, Comparable {
    case k10 = 10_000, k50 = 50_000, k100 = 100_000

    /// The smallest population a town of this size has.
    public var minimum: Int { rawValue }

    public static func < (a: TownSize, b: TownSize) -> Bool { a.rawValue < b.rawValue }
}

/// A town a corridor reaches, with its geodesic distance from the crossing.
public struct CorridorTown: Sendable {
    public var name: String
    public var nameAR: String?
    /// The partner country, or nil for an Algerian wilaya seat.
    public var country: Partner?
    /// The wilaya whose seat it is (Algerian side), by official code.
    public var wilaya: String?
    public var population: Int
    public var location: Coordinate
    /// Geodesic distance (WGS84) from the crossing, km.
    public var distanceKm: Double
    /// Travel time from the crossing over a road network, minutes (nil: no road network given).
    public var minutes: Double? = nil
}

/// One crossing's corridors: on each side, the nearest town of each size.
public struct Corridor: Sendable {
    public var id: String
    public var name: String
    public var partner: Partner
    /// Nearest town of the partner country of at least each size (nil: none).
    public var partnerTowns: [TownSize: CorridorTown]
    /// Nearest Algerian wilaya seat of at least each size (nil: none).
    public var dzSeats: [TownSize: CorridorTown]
}

/// Corridors: where each crossing leads. A partner town is a GeoNames place of the crossing's
/// partner country; an Algerian wilaya seat is a wilaya's main town (its largest GeoNames place).
/// Distances are geodesic on WGS84, straight lines (no road layer).
public enum Corridors {
    /// Each site's corridors, in the order given.
    public static func compute(places: [Place], partner: PartnerSide, sites: [Site]) -> [Corridor] {
        let seats = wilayaSeats(places)
        return sites.map { site in
            let towns = partner.places.filter { $0.country == site.partner }.map { place in
                CorridorTown(name: place.name, nameAR: place.nameAR, country: place.country, wilaya: nil, population: place.population,
                             location: place.location, distanceKm: Geodesic.wgs84.distance(site.location, place.location) / 1_000)
            }
            let dz = seats.map { seat in
                var town = seat
                town.distanceKm = Geodesic.wgs84.distance(site.location, seat.location) / 1_000
                return town
            }
            return Corridor(id: site.id, name: site.name, partner: site.partner, partnerTowns: nearest(towns), dzSeats: nearest(dz))
        }
    }

    /// The nearest town of each size among `towns` (ties: the larger town, then the name).
    static func nearest(_ towns: [CorridorTown]) -> [TownSize: CorridorTown] {
        var result: [TownSize: CorridorTown] = [:]
        for size in TownSize.allCases {
            result[size] = towns.filter { $0.population >= size.minimum }
                .min { ($0.distanceKm, -$0.population, $0.name) < ($1.distanceKm, -$1.population, $1.name) }
        }
        return result
    }

    /// The seat of each wilaya: its largest GeoNames place (the main-town rule), distance 0 until measured.
    static func wilayaSeats(_ places: [Place]) -> [CorridorTown] {
        var seats: [String: Place] = [:]
        for place in places {
            if let current = seats[place.wilaya], (current.population, -current.id) >= (place.population, -place.id) { continue }
            seats[place.wilaya] = place
        }
        return seats.keys.sorted().map { code in
            let place = seats[code]!
            return CorridorTown(name: place.name, nameAR: place.nameAR, country: nil, wilaya: code, population: place.population,
                                location: place.location, distanceKm: 0)
        }
    }
}

extension Corridors {
    /// `corridors` with each town's travel time from its crossing over `roads`: off-road to the
    /// network's nearest node (after the entry delay), along the roads, off-road to the town — or
    /// straight off-road when that is quicker, so every town has a time. The towns stay the
    /// nearest by geodesic distance. One Dijkstra per crossing, bounded by the slowest straight
    /// off-road time to its towns (no route can be slower than that one).
    public static func withTravelTimes(_ corridors: [Corridor], roads: RoadSetup, sites: [Site]) -> [Corridor] {
        let byID = Dictionary(sites.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return corridors.map { corridor in
            guard let site = byID[corridor.id] else { return corridor }
            let origins = roads.origins([site])
            let towns = Array(corridor.partnerTowns.values) + Array(corridor.dzSeats.values)
            let bound = towns.map { origins[0].delaySeconds + Geodesic.wgs84.distance(site.location, $0.location) / roads.network.offroadSpeed }.max() ?? 0
            let times = roads.network.times(from: origins, limitSeconds: bound)
            func timed(_ town: CorridorTown) -> CorridorTown {
                var copy = town
                copy.minutes = roads.network.time(to: town.location, times: times, origins: origins).map { $0.seconds / 60 }
                return copy
            }
            var result = corridor
            result.partnerTowns = corridor.partnerTowns.mapValues(timed)
            result.dzSeats = corridor.dzSeats.mapValues(timed)
            return result
        }
    }
}
