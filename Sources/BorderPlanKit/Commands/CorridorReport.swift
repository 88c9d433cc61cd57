import Foundation
import Geo

/// A crossing's corridors in `borderplan crossing ID`: the nearest partner towns and Algerian wilaya seats.
public enum CorridorReport {
    public static func json(_ corridor: Corridor) -> JSONValue {
        func towns(_ towns: [TownSize: CorridorTown]) -> JSONValue {
            .array(TownSize.allCases.map { size in
                .object(["at_least": .int(size.minimum), "town": towns[size].map(town) ?? .null])
            })
        }
        return .object(["partner_towns": towns(corridor.partnerTowns), "wilaya_seats": towns(corridor.dzSeats)])
    }

    static func town(_ town: CorridorTown) -> JSONValue {
        .object(["name": .string(town.name), "name_ar": .optional(town.nameAR), "country": .optional(town.country?.rawValue),
                 "wilaya": .optional(town.wilaya), "population": .int(town.population), "distance_km": .number(town.distanceKm, decimals: 1),
                 "road_minutes": town.minutes.map { .number($0, decimals: 1) } ?? .null])
    }

    /// One row per town size: the nearest partner town and the nearest wilaya seat of at least that size.
    public static func table(_ corridor: Corridor, format: OutputFormat, language: Language = .en) -> Table {
        func cell(_ town: CorridorTown?) -> String {
            guard let town else { return "—" }
            if let minutes = town.minutes {
                return Localizer(language).text("roadreport.corridor.cell", ["name": town.name, "population": String(town.population),
                                                                            "km": formatFixed(town.distanceKm, decimals: 1), "minutes": formatFixed(minutes, decimals: 1)])
            }
            return "\(town.name) (\(town.population) inh., \(formatFixed(town.distanceKm, decimals: 1)) km)"
        }
        return Table(title: format == .table ? "Corridors: the nearest towns on each side (geodesic, straight line)" : nil,
                     columns: [.init("at least (inh.)", numeric: true), .init("partner town (\(corridor.partner))"), .init("Algerian wilaya main town")],
                     rows: TownSize.allCases.map { [String($0.minimum), cell(corridor.partnerTowns[$0]), cell(corridor.dzSeats[$0])] })
    }
}
