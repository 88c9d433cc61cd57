import Foundation
import Geo

/// Demand across the border for the planner: `--side partner|both` adds the partner places
/// (`partner-places.geojson`) to the population, and `--objective corridor` counts only the
/// partner towns of at least 10 k people. A crossing reaches only its own partner country's
/// places — the rule of `TwoSidedCoverage` — so "covered" filters the grid by partner.
extension Planner {
    /// The points of `units` within `radiusKm` of any of `sites`; a partner-side point only for a
    /// site with its country.
    static func covered(_ units: DemandUnits, by sites: [Site], radiusKm: Double) -> Bitset {
        guard !units.partners.isEmpty else { return units.grid.covered(by: sites.map(\.location), radiusKm: radiusKm) }
        var set = Bitset(count: units.grid.count)
        for site in sites {
            for index in units.grid.within(radiusKm, of: site.location) where units.partners[index].map({ $0 == site.partner }) ?? true {
                set.insert(index)
            }
        }
        return set
    }

    /// The Algerian population units with the partner places after them (`side` partner: the
    /// Algerian weights set to 0, so both runs pose the same points).
    static func twoSided(_ dz: DemandUnits, side: Side, data: AnalysisData) throws -> DemandUnits {
        let places = try PartnerSide(geodata: data.geodata).places
        let weights = (side.countsAlgeria ? dz.weights : dz.weights.map { _ in 0 }) + places.map { Double($0.population) }
        return (PointGrid(dz.grid.points + places.map(\.location)), weights, dz.wilayas + places.map { _ in nil },
                dz.grid.points.map { _ in nil } + places.map { Optional($0.country) })
    }

    /// The partner towns a corridor counts (`PlanRequest.corridorTown` and larger), weighted by population.
    static func corridorUnits(_ data: AnalysisData) throws -> DemandUnits {
        let towns = try PartnerSide(geodata: data.geodata).places.filter { $0.population >= PlanRequest.corridorTown.minimum }
        return (PointGrid(towns.map(\.location)), towns.map { Double($0.population) }, towns.map { _ in nil }, towns.map { Optional($0.country) })
    }

    /// Each pick's gain split between the Algerian side and the partner side, in rank order
    /// (unchanged when the demand has no partner side).
    static func sideGains(_ picks: [PlanResult.Pick], units: DemandUnits, open: [Site], radiusKm: Double) -> [PlanResult.Pick] {
        guard !units.partners.isEmpty else { return picks }
        var state = covered(units, by: open, radiusKm: radiusKm)
        return picks.map { pick in
            var gain = (dz: 0.0, partner: 0.0)
            for index in units.grid.within(radiusKm, of: pick.site.location) where !state.contains(index) {
                guard units.partners[index].map({ $0 == pick.site.partner }) ?? true else { continue }
                state.insert(index)
                if units.partners[index] == nil { gain.dz += units.weights[index] } else { gain.partner += units.weights[index] }
            }
            var result = pick
            result.sides = gain
            return result
        }
    }
}
