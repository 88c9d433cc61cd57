import Foundation
import Geo

/// The report's "Across the border" section: the partner side of the coverage (per partner and
/// per crossing, the discs clipped to each neighbour's polygon) and each crossing's corridors.
enum AcrossTheBorderSection {
    static func nodes(data: AnalysisData, sites: [Site], options: ReportOptions) throws -> [HTMLNode] {
        let partner = try PartnerSide(geodata: data.geodata)
        let result = try TwoSidedCoverage(data: data, partner: partner).run(sites: sites, service: options.service, radiusKm: options.radiusKm, side: .both)
        var corridors = Corridors.compute(places: data.places, partner: partner, sites: sites)
        if let roads = options.roads { corridors = Corridors.withTravelTimes(corridors, roads: roads.setup, sites: sites) }
        let text = Localizer(options.language)
        let radius = text.number(options.radiusKm, decimals: 1)
        return [
            .el("h2", ["id": "across-the-border"], text: text.text("partner.heading")),
            .el("p", [:], [text.html("partner.intro", ["radius": radius])]),
            sidesTable(result, text: text).htmlNode(caption: text.text("partner.table.sides", ["radius": radius])),
            crossingsTable(result, text: text).htmlNode(caption: text.text("partner.table.crossings", ["radius": radius])),
            .el("p", text: text.text("partner.corridors.intro") + (options.roads == nil ? "" : " " + text.text("roadreport.corridor.intro"))),
            corridorTable(corridors, text: text).htmlNode(caption: text.text("partner.table.corridors")),
        ]
    }

    /// One row per border: both sides' covered population, and the partner's population near the border.
    static func sidesTable(_ result: TwoSidedCoverageResult, text: Localizer) -> Table {
        let rows = zip(result.borders, result.partners).map { border, partner in
            [text.name(border.border), text.integer(border.dzCovered), text.integer(border.partnerCovered), text.integer(partner.nearBorderPopulation),
             partner.coveredPercent.map { text.number($0, decimals: 1) } ?? "—", text.number(partner.catchmentAreaKm2, decimals: 0)]
        }
        return Table(columns: [.init(text.text("partner.column.border")), .init(text.text("partner.column.dz-covered"), numeric: true),
                               .init(text.text("partner.column.partner-covered"), numeric: true), .init(text.text("partner.column.near-border"), numeric: true),
                               .init(text.text("partner.column.partner-percent"), numeric: true), .init(text.text("partner.column.catchment"), numeric: true)],
                     rows: rows)
    }

    /// One row per open crossing: what it covers on each side.
    static func crossingsTable(_ result: TwoSidedCoverageResult, text: Localizer) -> Table {
        Table(columns: [.init(text.text("partner.column.crossing")), .init(text.text("partner.column.border")),
                        .init(text.text("partner.column.dz-covered"), numeric: true), .init(text.text("partner.column.partner-covered"), numeric: true),
                        .init(text.text("partner.column.catchment"), numeric: true)],
              rows: result.crossings.map { c in
                  [c.id, text.name(c.partner), text.integer(c.dzPopulation), text.integer(c.partnerPopulation), text.number(c.partnerAreaKm2, decimals: 0)]
              })
    }

    /// One row per crossing: the nearest partner towns and Algerian wilaya seats of each size.
    static func corridorTable(_ corridors: [Corridor], text: Localizer) -> Table {
        func cell(_ town: CorridorTown?) -> String {
            guard let town else { return "—" }
            // Arabic pages name a town in Arabic when GeoNames (or the commune) gives an Arabic name.
            let name = text.language == .ar ? town.nameAR ?? town.name : town.name
            let km = text.number(town.distanceKm, decimals: 0)
            if let minutes = town.minutes { return text.text("roadreport.corridor.town", ["name": name, "km": km, "minutes": text.number(minutes, decimals: 0)]) }
            return text.text("partner.town", ["name": name, "km": km])
        }
        let sizes = TownSize.allCases
        let columns = [Table.Column(text.text("partner.column.crossing")), .init(text.text("partner.column.border"))]
            + sizes.map { Table.Column(text.text("partner.column.partner-town", ["size": text.integer($0.minimum)])) }
            + sizes.map { Table.Column(text.text("partner.column.dz-seat", ["size": text.integer($0.minimum)])) }
        return Table(columns: columns, rows: corridors.map { corridor in
            [corridor.id, text.name(corridor.partner)] + sizes.map { cell(corridor.partnerTowns[$0]) } + sizes.map { cell(corridor.dzSeats[$0]) }
        })
    }
}
