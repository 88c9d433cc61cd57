import Foundation
import Geo

/// The road inputs of `report --roads FILE --minutes …`: the loaded network, its description
/// and the time limits (minutes).
public struct ReportRoads {
    public var setup: RoadSetup
    public var description: RoadDescription
    public var minutes: [Double]

    public init(setup: RoadSetup, description: RoadDescription, minutes: [Double]) {
        self.setup = setup
        self.description = description
        self.minutes = minutes
    }
}

/// The report's travel-time section (with `--roads`): where the road data come from, coverage
/// per border wilaya within each time limit beside the distance figures, the area of each band
/// and the isochrone map; and the lead's sentence saying whether times or only distances are used.
extension ReportBuilder {
    /// The lead's sentence on roads: the network used, or plainly that none ships with BorderPlan.
    var roadsLeadSentence: HTMLNode {
        guard let roads = options.roads else { return localizer.html("roadreport.lead.noRoads", ["option": "--roads FILE"]) }
        return localizer.html("roadreport.lead.roads", ["file": Self.fileName(roads.description.file)])
    }

    /// The section; empty without roads.
    func travelTimeSection(_ summary: TravelTimeSummary?, coverage: CoverageResult, map: String?) throws -> [HTMLNode] {
        guard let summary else { return [] }
        let l = localizer
        var nodes: [HTMLNode] = [
            .el("h2", ["id": "travel-time"], text: l.text("roadreport.heading")),
            .el("p", [:], [sourceSentence(summary.description)]),
            .el("p", [:], [l.html("roadreport.definition", ["radius": radiusText, "demand": demandSummary])]),
            travelCoverageTable(summary, coverage: coverage).htmlNode(caption: l.text("roadreport.table.caption"), localizer: l),
            try bandsTable(summary).htmlNode(caption: l.text("roadreport.bands.caption"), localizer: l),
        ]
        if let map {
            let limits = l.list(summary.minutes.map { l.number($0, decimals: 0) })
            nodes.append(.el("figure", ["class": "map"], [.trusted(stripXMLDeclaration(map)), .el("figcaption", [:], [
                l.html("roadreport.map.caption", ["limits": limits, "service": l.name(options.service)]),
            ])]))
        }
        return nodes
    }

    /// "Road network: FILE (12.3 MB, dated …); speed table …; off-road … km/h; entry delays …".
    func sourceSentence(_ description: RoadDescription) -> HTMLNode {
        let l = localizer
        return l.html("roadreport.source", [
            "file": Self.fileName(description.file), "size": l.number(Double(description.bytes) / 1_000_000, decimals: 2),
            "date": l.date(description.modifiedDay), "speeds": Self.fileName(description.speedsFile), "classes": l.integer(description.speedClasses),
            "offroad": l.number(description.offroadKmh, decimals: 1),
            "delays": description.entryDelaysFile.map(Self.fileName) ?? l.text("roadreport.delays.none"),
        ])
    }

    /// A file's last path component: the report names files, not this machine's folders.
    static func fileName(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }

    /// Per border wilaya: population, its share within R km and within each T, the border's share
    /// within R km and within each T, and the quickest crossing from the main town.
    func travelCoverageTable(_ summary: TravelTimeSummary, coverage: CoverageResult) -> Table {
        let l = localizer
        func percent(_ part: Double, _ whole: Double) -> String { whole > 0 ? formatFixed(part / whole * 100, decimals: 1) : "—" }
        let byDistance = Dictionary(coverage.wilayas.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let limits = summary.minutes.map { l.number($0, decimals: 0) }
        let columns = [Table.Column(l, "roadreport.col.code"), .init(l, "roadreport.col.wilaya"), .init(l, "roadreport.col.population", numeric: true),
                       .init(l, "roadreport.col.populationWithinKm", ["radius": radiusText], numeric: true)]
            + limits.map { Table.Column(l, "roadreport.col.populationWithinMinutes", ["minutes": $0], numeric: true) }
            + [.init(l, "roadreport.col.borderWithinKm", ["radius": radiusText], numeric: true)]
            + limits.map { Table.Column(l, "roadreport.col.borderWithinMinutes", ["minutes": $0], numeric: true) }
            + [.init(l, "roadreport.col.quickest")]
        let rows = (summary.coverage.first?.wilayas ?? []).enumerated().map { index, first -> [String] in
            let timed: [RoadCoverageResult.Wilaya] = summary.coverage.map { $0.wilayas[index] }
            let distance = byDistance[first.code]
            var row: [String] = [first.code, data.wilaya(first.code)?.name(options.language) ?? "", String(first.population)]
            row.append(distance?.populationPercent.map { formatFixed($0, decimals: 1) } ?? "—")
            row += timed.map { percent(Double($0.coveredPopulation), Double($0.population)) }
            row.append(distance?.borderPercent.map { formatFixed($0, decimals: 1) } ?? "—")
            row += timed.map { percent($0.coveredBorderKm, $0.borderKm) }
            let quickest: String? = timed.last?.quickest.map { l.text("roadreport.quickest", ["id": $0.id, "minutes": l.number($0.minutes, decimals: 0)]) }
            row.append(quickest ?? "—")
            return row
        }
        return Table(columns: columns, rows: rows)
    }

    /// One row per band: its limits, its area and the area reached within its upper limit (km², geodesic).
    func bandsTable(_ summary: TravelTimeSummary) throws -> Table {
        let l = localizer
        var from = 0.0
        let rows = try summary.bands.map { band -> [String] in
            defer { from = band.limit / 60 }
            return [l.text("roadreport.band", ["from": l.number(from, decimals: 0), "to": l.number(band.limit / 60, decimals: 0)]),
                    formatFixed(try Geodesic.wgs84.area(of: band.band) / 1e6, decimals: 0), formatFixed(try Geodesic.wgs84.area(of: band.reach) / 1e6, decimals: 0)]
        }
        return Table(columns: [.init(l, "roadreport.col.band"), .init(l, "roadreport.col.bandArea", numeric: true), .init(l, "roadreport.col.reachArea", numeric: true)],
                     rows: rows)
    }
}
