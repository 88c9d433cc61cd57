import Foundation
import Geo

/// Rows of the legend panel: a swatch and a label, mirrored for right-to-left maps.
struct LegendBuilder {
    let left: Double
    let width: Double
    let rtl: Bool
    private(set) var y: Double
    private(set) var elements: [SVGElement] = []
    static let padding = 14.0
    static let swatchWidth = 34.0

    init(left: Double, top: Double, width: Double, rtl: Bool) {
        self.left = left
        self.width = width
        self.rtl = rtl
        self.y = top + Self.padding
    }

    /// Centre of the swatch column.
    var swatchX: Double { rtl ? left + width - Self.padding - Self.swatchWidth / 2 : left + Self.padding + Self.swatchWidth / 2 }

    mutating func heading(_ label: String) {
        y += 22
        elements.append(textElement(label, x: rtl ? left + width - Self.padding : left + Self.padding, y: y,
                                    align: rtl ? .right : .left, style: TextStyle(size: MapStyle.legendHeadingSize, weight: "bold")))
        y += 6
    }

    mutating func row(_ label: String, swatch: (_ x: Double, _ y: Double) -> [SVGElement]) {
        y += 20
        let centre = y - 4
        elements += swatch(swatchX, centre)
        let textX = rtl ? swatchX - Self.swatchWidth / 2 - 8 : swatchX + Self.swatchWidth / 2 + 8
        lines(label, x: textX, width: width - 2 * Self.padding - Self.swatchWidth - 8, style: TextStyle(size: MapStyle.minimumTextSize))
    }

    /// A line of text without a swatch.
    mutating func note(_ label: String) {
        y += 18
        lines(label, x: rtl ? left + width - Self.padding : left + Self.padding, width: width - 2 * Self.padding,
              style: TextStyle(size: MapStyle.minimumTextSize, fill: "#444444"))
    }

    /// `label` from the current baseline, wrapped at spaces to `width` px (the maps' width estimate).
    private mutating func lines(_ label: String, x: Double, width: Double, style: TextStyle) {
        var lines: [String] = []
        for word in label.split(separator: " ").map(String.init) {
            if let last = lines.last, TextMetrics.width(of: last + " " + word, fontSize: style.size) <= width {
                lines[lines.count - 1] = last + " " + word
            } else {
                lines.append(word)
            }
        }
        for (index, line) in lines.enumerated() {
            if index > 0 { y += style.size * 1.25 }
            elements.append(textElement(line, x: x, y: y, align: rtl ? .right : .left, style: style))
        }
    }
}

extension MapComposition {
    var header: (title: String, subtitle: String) {
        let title = text.title(kind, radiusKm: radiusKm, borderName: focus?.name(text.language))
        let subtitle = text.subtitle(service: kind == .overview ? nil : service,
                                     borderKm: focus?.lengthKm, scenarioSites: sites.filter(\.hypothetical).count)
        return (title, subtitle)
    }

    func headerElements(pageWidth: Double) -> [SVGElement] {
        let x = rtl ? pageWidth - MapRenderer.gutter : frame.left
        let align: TextAlign = rtl ? .right : .left
        return [
            textElement(header.title, x: x, y: 36, align: align, style: TextStyle(size: 22, fill: "#111111", weight: "bold"), extra: [("id", "map-title")]),
            textElement(header.subtitle, x: x, y: 60, align: align, style: TextStyle(size: MapStyle.minimumTextSize, fill: "#555555")),
        ]
    }

    func footer(pageWidth: Double, pageHeight: Double) -> SVGElement {
        let x = rtl ? pageWidth - MapRenderer.gutter : frame.left
        return textElement(MapText.attribution, x: x, y: pageHeight - 16, align: rtl ? .right : .left,
                           style: TextStyle(size: MapStyle.minimumTextSize, fill: "#555555"), extra: [("id", "attribution")])
    }

    /// The legend, right of the map: borders by colour, crossings by status, discs and gaps, areas.
    func legendPanel() throws -> (element: SVGElement, bottom: Double) {
        let left = frame.right + MapRenderer.gutter, width = MapRenderer.panelWidth
        var legend = LegendBuilder(left: left, top: frame.top, width: width, rtl: rtl)
        legend.heading(text.legend)
        try legendBorders(&legend)
        legendCrossings(&legend)
        if let isochroneKey { legendIsochrones(&legend, isochroneKey) } else if kind != .overview { legendCoverage(&legend) }
        try legendAreas(&legend)
        let bottom = legend.y + LegendBuilder.padding
        var panel = SVGElement("g", [("id", "legend")])
        panel.append(SVGElement("rect", [("x", svgNumber(left)), ("y", svgNumber(frame.top)), ("width", svgNumber(width)),
                                         ("height", svgNumber(bottom - frame.top)), ("fill", "#ffffff"), ("stroke", "#bbbbbb"), ("stroke-width", "1")]))
        panel.append(contentsOf: legend.elements)
        return (panel, bottom)
    }

    /// A line swatch: a short stroke in `colour`, dashed when `dash` is given.
    static func lineSwatch(_ colour: String, _ strokeWidth: Double, dash: String? = nil) -> (Double, Double) -> [SVGElement] {
        let half = LegendBuilder.swatchWidth / 2
        return { x, y in
            var attributes: [(String, String)] = [("x1", svgNumber(x - half)), ("y1", svgNumber(y)), ("x2", svgNumber(x + half)), ("y2", svgNumber(y)),
                                                  ("stroke", colour), ("stroke-width", svgNumber(strokeWidth)), ("stroke-linecap", dash == nil ? "round" : "butt")]
            if let dash { attributes.append(("stroke-dasharray", dash)) }
            return [SVGElement("line", attributes)]
        }
    }

    /// An area swatch: a small filled rectangle.
    static func boxSwatch(_ fill: String, _ stroke: String) -> (Double, Double) -> [SVGElement] {
        { x, y in
            [SVGElement("rect", [("x", svgNumber(x - 12)), ("y", svgNumber(y - 7)), ("width", "24"), ("height", "14"),
                                 ("fill", fill), ("stroke", stroke), ("stroke-width", "0.8")])]
        }
    }

    /// The land borders drawn on this map, one colour each with their length, and the coast if it shows.
    func legendBorders(_ legend: inout LegendBuilder) throws {
        legend.heading(text.landBorders)
        for border in try data.geodata.borders() {
            if let country = border.country, drawnBorders.contains(country) {
                legend.row("\(border.name(text.language)) (\(text.km(border.lengthKm)))", swatch: Self.lineSwatch(MapStyle.borderColour(country), MapStyle.borderWidth))
            }
        }
        if coastDrawn { legend.row(text.coast, swatch: Self.lineSwatch(MapStyle.coastColour, MapStyle.coastWidth)) }
    }

    /// One symbol per status drawn on this map with the number drawn (no empty rows), rail
    /// crossings and scenario sites likewise.
    func legendCrossings(_ legend: inout LegendBuilder) {
        legend.heading(text.crossings)
        let real = drawnSites.map(\.site).filter { !$0.hypothetical }
        for style in MapStyle.statusStyles {
            let count = real.filter { $0.status == style.status }.count
            guard count > 0 else { continue }
            legend.row("\(text.status(style.status)) (\(count))") { x, y in
                [MapStyle.symbolElement(style.symbol, x: x, y: y, r: MapStyle.symbolRadius, colour: style.colour)]
            }
        }
        let rail = real.filter { data.knowledge.crossing(id: $0.id)?.kind == .rail }.count
        if rail > 0 {
            legend.row("\(text.railCrossing) (\(rail))") { x, y in
                [MapStyle.symbolElement(.rail, x: x, y: y, r: MapStyle.symbolRadius, colour: "#ffffff")]
            }
        }
        let hypothetical = drawnSites.filter(\.site.hypothetical).count
        if hypothetical > 0 {
            legend.row("\(text.scenarioSite) (\(hypothetical))") { x, y in
                [MapStyle.symbolElement(.star, x: x, y: y, r: MapStyle.symbolRadius, colour: MapStyle.hypotheticalColour)]
            }
        }
    }

    /// Discs and gaps, with the number of open crossings and the gaps' total (of the focus border on a close-up).
    func legendCoverage(_ legend: inout LegendBuilder) {
        legend.heading(text.coverageHeading(radiusKm))
        legend.row(text.disc) { x, y in
            [SVGElement("circle", [("cx", svgNumber(x)), ("cy", svgNumber(y)), ("r", "9"), ("fill", MapStyle.discColour),
                                   ("fill-opacity", MapStyle.discFillOpacity), ("stroke", MapStyle.discColour), ("stroke-opacity", "0.8")])]
        }
        legend.row(text.gap, swatch: Self.lineSwatch(MapStyle.gapColour, MapStyle.gapWidth, dash: MapStyle.gapDash))
        legend.note(text.openSummary(coverage?.open.count ?? 0))
        let gaps = (coverage?.gaps ?? []).filter { gap in focus.map { gap.border == $0.country } ?? true }
        legend.note(text.gapSummary(count: gaps.count, km: gaps.reduce(0) { $0 + $1.lengthKm }, border: focus?.name(text.language)))
    }

    /// Border wilayas, other wilayas, neighbours and the graticule.
    func legendAreas(_ legend: inout LegendBuilder) throws {
        legend.heading(text.areas)
        legend.row(text.borderWilaya, swatch: Self.boxSwatch(MapStyle.borderWilayaFill, MapStyle.wilayaStroke))
        legend.row(text.wilaya, swatch: Self.boxSwatch(MapStyle.wilayaFill, MapStyle.wilayaStroke))
        if !seats.isEmpty {
            legend.row(text.mainTown) { x, y in
                [SVGElement("circle", [("cx", svgNumber(x)), ("cy", svgNumber(y)), ("r", svgNumber(MapStyle.seatRadius)), ("fill", MapStyle.seatColour)])]
            }
        }
        legend.row(text.neighbour, swatch: Self.boxSwatch(MapStyle.neighbourFill, MapStyle.neighbourStroke))
        legend.row(text.graticule(try graticuleStep()), swatch: Self.lineSwatch(MapStyle.graticule, 0.8))
    }
}
