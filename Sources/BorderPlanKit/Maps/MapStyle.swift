import Foundation

/// Colours, symbols and sizes of the maps: one fixed colour per neighbour, one symbol
/// and colour per crossing status.
enum MapStyle {
    static let fontFamily = "DejaVu Sans, sans-serif"

    /// Land-border colours (ColorBrewer Dark2), by neighbour, in border order.
    static let borderColours: [(country: String, colour: String)] = [
        ("TN", "#d95f02"), ("LY", "#7570b3"), ("NE", "#e7298a"), ("ML", "#66a61e"),
        ("MR", "#a6761d"), ("EH", "#1b9e77"), ("MA", "#e6ab02"),
    ]

    static func borderColour(_ country: Partner) -> String {
        borderColours.first { $0.country == country.rawValue }?.colour ?? "#444444"
    }

    static let coastColour = "#2c7fb8"
    static let coastWidth = 1.6
    static let borderWidth = 4.0
    static let pageBackground = "#ffffff"
    static let mapBackground = "#f4f6f8"
    static let neighbourFill = "#e2e2e2"
    static let neighbourStroke = "#b5b5b5"
    static let neighbourLabel = "#6b6b6b"
    static let wilayaFill = "#ffffff"
    static let borderWilayaFill = "#fbeccb"
    static let wilayaStroke = "#a0a0a0"
    static let graticule = "#7f93a8"
    static let discColour = "#2b83ba"
    static let discFillOpacity = "0.16"
    static let gapColour = "#e31a1c"
    static let gapWidth = 2.2
    static let gapDash = "7 4"
    static let frameStroke = "#555555"
    static let seatColour = "#4a4a4a"
    static let seatRadius = 2.6

    // Type sizes, px at the map's natural size. The report shows a map `reportWidth` px wide
    // whatever its natural width (CSS width 100 %), so a text's size there is its size here
    // times reportWidth / page width; pages are at most `maxPageWidth` wide, so the smallest
    // text, `minimumTextSize`, shows at ≥ 13 × 1120 / 1400 = 10.4 px.
    static let minimumTextSize = 13.0
    static let labelSize = 13.0
    static let neighbourLabelSize = 16.0
    static let legendHeadingSize = 14.5
    /// The report's column: body max-width 1200 px less the figure's default 40 px margins.
    static let reportWidth = 1120.0
    static let maxPageWidth = 1400.0

    /// How a crossing is drawn.
    enum Symbol: Equatable {
        case circle, diamond, square, triangle, star
        /// A rail crossing, whatever its status: a length of track (rails and sleepers).
        case rail
    }

    /// Symbol and colour per status; hypothetical scenario sites are stars in their own colour.
    /// The symbol and colour of each status, in the legend's order.
    static let statusStyles: [(status: CrossingStatus, symbol: Symbol, colour: String)] = CrossingStatus.allCases.map { status in
        switch status {
        case .open: return (status, .circle, "#1a9641")
        case .closed: return (status, .square, "#c0392b")
        case .planned: return (status, .triangle, "#8e44ad")
        case .suspended: return (status, .diamond, "#f28e2b")
        }
    }
    static let hypotheticalColour = "#0b6aa2"
    static let symbolRadius = 6.0

    /// Rail crossings keep their status colour but take the track symbol.
    static func symbol(for site: Site, kind: CrossingKind = .road) -> (symbol: Symbol, colour: String) {
        if site.hypothetical { return (.star, hypotheticalColour) }
        let style = statusStyles.first { $0.status == site.status }
        return (kind == .rail ? .rail : style?.symbol ?? .circle, style?.colour ?? "#666666")
    }

    /// The symbol centred on (x, y) with radius r (px), filled with `colour`.
    static func symbolElement(_ symbol: Symbol, x: Double, y: Double, r: Double, colour: String) -> SVGElement {
        let stroke: [(String, String)] = [("fill", colour), ("stroke", "#1e1e1e"), ("stroke-width", "1.2"), ("stroke-linejoin", "round")]
        func polygon(_ points: [(Double, Double)]) -> SVGElement {
            SVGElement("polygon", [("points", points.map { svgNumber(x + $0.0) + "," + svgNumber(y + $0.1) }.joined(separator: " "))] + stroke)
        }
        switch symbol {
        case .circle:
            return SVGElement("circle", [("cx", svgNumber(x)), ("cy", svgNumber(y)), ("r", svgNumber(r))] + stroke)
        case .square:
            let side = r * 1.7
            return SVGElement("rect", [("x", svgNumber(x - side / 2)), ("y", svgNumber(y - side / 2)),
                                       ("width", svgNumber(side)), ("height", svgNumber(side))] + stroke)
        case .diamond:
            let d = r * 1.3
            return polygon([(0, -d), (d, 0), (0, d), (-d, 0)])
        case .triangle:
            let d = r * 1.3
            return polygon([(0, -d), (d * 0.95, d * 0.7), (-d * 0.95, d * 0.7)])
        case .rail:
            // One path: the track's outline, its centre line and three sleepers.
            let w = r * 1.4, h = r * 0.8
            var d = "M\(svgNumber(x - w)),\(svgNumber(y - h))H\(svgNumber(x + w))V\(svgNumber(y + h))H\(svgNumber(x - w))Z"
            d += "M\(svgNumber(x - w)),\(svgNumber(y))H\(svgNumber(x + w))"
            for dx in [-w / 2, 0, w / 2] { d += "M\(svgNumber(x + dx)),\(svgNumber(y - h))V\(svgNumber(y + h))" }
            return SVGElement("path", [("d", d)] + stroke)
        case .star:
            let outer = r * 1.5, inner = outer * 0.45
            let points = (0..<10).map { index -> (Double, Double) in
                let radius = index % 2 == 0 ? outer : inner
                let angle = Double(index) * .pi / 5
                return (radius * sin(angle), -radius * cos(angle))
            }
            return polygon(points)
        }
    }
}
