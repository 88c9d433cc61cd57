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
