import Foundation
import Geo

/// The isochrone map of the report's travel-time section: BorderPlan's map (the close-up of the
/// land border whose frame holds every isochrone, else all of Algeria) with the bands of the
/// serving crossings' isochrones drawn under the labels, darker for quicker, and a key.
public struct IsochroneMap {
    public let data: AnalysisData
    public let language: Language

    public init(data: AnalysisData, language: Language) {
        self.data = data
        self.language = language
    }

    /// Band colours, quickest first (ColorBrewer Blues, 5 classes, darkest four).
    static let colours = ["#08519c", "#3182bd", "#6baed6", "#bdd7e7"]

    static func colour(_ index: Int) -> String { colours[min(index, colours.count - 1)] }

    /// The SVG document; `bands` ascending by limit (seconds), as `Isochrones.bands` gives them;
    /// `network` frames the map (the crossings far from it reach only their small off-road discs).
    public func svg(bands: [(limit: Double, reach: Geometry, band: Geometry)], network: RoadGraph, coverage: CoverageResult, sites: [Site],
                    service: Service) throws -> String {
        let renderer = MapRenderer(data: data, language: language)
        let transformer = try renderer.projection()
        let kind = try self.kind(network: network, renderer: renderer, transformer: transformer)
        // The map's own discs and gaps are the distance model's: left out of a travel-time map.
        var bare = coverage
        bare.discs = []
        bare.gaps = []
        let frame = try renderer.frame(for: kind, transformer: transformer)
        var map = MapComposition(data: data, text: MapText(language: language), kind: kind, focus: try renderer.focusBorder(kind), transformer: transformer,
                                 frame: frame, radiusKm: coverage.radiusKm, coverage: bare, sites: sites, service: service)
        let l = Localizer(language)
        map.isochroneKey = bands.enumerated().map { (Self.colour($0.offset), l.text("roadreport.map.key", ["minutes": l.number($0.element.limit / 60, decimals: 0)])) }
        let base = try map.document(zoomable: true)
        var layer = ""
        try bandLayer(map, bands).write(to: &layer)
        var result = PlanMap.replacingText(map.header.title, with: l.text("roadreport.map.title", ["service": l.name(service)]), in: base)
        guard let end = result.range(of: "</svg>", options: .backwards) else { throw GeoError.invalidInput("the base map is not an SVG document") }
        result.insert(contentsOf: layer, at: (result.range(of: "<g id=\"labels\"") ?? end).lowerBound)
        return result
    }

    /// The smallest land-border close-up whose frame holds the road network; all of Algeria when none does.
    func kind(network: RoadGraph, renderer: MapRenderer, transformer: Transformer) throws -> MapKind {
        guard network.nodeCount > 0 else { return .overview }
        let corners = [Coordinate(lon: network.nodeLon.min()!, lat: network.nodeLat.min()!), Coordinate(lon: network.nodeLon.max()!, lat: network.nodeLat.max()!),
                       Coordinate(lon: network.nodeLon.min()!, lat: network.nodeLat.max()!), Coordinate(lon: network.nodeLon.max()!, lat: network.nodeLat.min()!)]
        let projected = try corners.map { try transformer.transform($0) }
        let box = Envelope(minX: projected.map(\.lon).min()!, minY: projected.map(\.lat).min()!, maxX: projected.map(\.lon).max()!, maxY: projected.map(\.lat).max()!)
        var best: (kind: MapKind, area: Double)?
        for border in try data.geodata.landBorders() {
            guard let country = border.country else { continue }
            let extent = try renderer.frame(for: .border(country), transformer: transformer).extent
            let holds = extent.minX <= box.minX && extent.maxX >= box.maxX && extent.minY <= box.minY && extent.maxY >= box.maxY
            let area = extent.width * extent.height
            if holds, area < best?.area ?? .infinity { best = (.border(country), area) }
        }
        return best?.kind ?? .overview
    }

    /// One path per band, the slowest first so the quicker ones lie on top.
    func bandLayer(_ map: MapComposition, _ bands: [(limit: Double, reach: Geometry, band: Geometry)]) throws -> SVGElement {
        var group = SVGElement("g", [("id", "isochrones"), ("fill-rule", "evenodd"), ("stroke", "#08306b"), ("stroke-width", "0.5")])
        let l = Localizer(language)
        for (index, band) in bands.enumerated().reversed() {
            let d = try map.frame.pathData(try map.project(band.band))
            guard !d.isEmpty else { continue }
            group.append(SVGElement("path", [("class", "isochrone"), ("d", d), ("fill", Self.colour(index)), ("fill-opacity", "0.7"),
                                             ("data-minutes", formatNumber(band.limit / 60, decimals: 3))])
                .titled(l.text("roadreport.map.key", ["minutes": l.number(band.limit / 60, decimals: 0)])))
        }
        return group
    }
}

extension MapComposition {
    /// The legend's travel-time part: one swatch per band of the isochrone map.
    func legendIsochrones(_ legend: inout LegendBuilder, _ key: [(colour: String, label: String)]) {
        legend.heading(Localizer(text.language).text("roadreport.map.legend"))
        for item in key { legend.row(item.label, swatch: Self.boxSwatch(item.colour, "#08306b")) }
    }
}
