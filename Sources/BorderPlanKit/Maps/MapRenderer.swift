import Foundation
import Geo

/// Which map to draw.
public enum MapKind: Equatable, Sendable {
    /// All of Algeria: wilayas, the seven land borders, the coast and the crossings.
    case overview
    /// The overview with the open crossings' catchment discs and the uncovered gaps.
    case coverage
    /// A close-up of one land border, with discs and gaps.
    case border(Partner)
}

/// Draws BorderPlan's maps as standalone SVG documents, in the Lambert conformal conic
/// projection of Algeria (through PROJ), with names in one language.
///
/// Uses the data's PROJ and GEOS contexts: one thread, like `AnalysisData`.
public struct MapRenderer {
    public let data: AnalysisData
    public let language: Language

    // Page layout, px.
    /// The frame is at most as wide as leaves the page within `MapStyle.maxPageWidth`.
    static let maxMapWidth = MapStyle.maxPageWidth - marginLeft - 2 * gutter - panelWidth
    static let maxMapHeight = 1000.0
    static let marginLeft = 58.0
    static let headerHeight = 80.0
    static let footerHeight = 58.0
    static let gutter = 20.0
    static let panelWidth = 360.0
    /// Simplification tolerance, in pixels of the map (converted to projected metres).
    static let tolerancePixels = 0.25

    public init(data: AnalysisData, language: Language) {
        self.data = data
        self.language = language
    }

    /// A complete standalone SVG document (UTF-8 text).
    ///
    /// `coverage` (the caller's coverage at `radiusKm` for these `sites`) supplies the discs and
    /// gaps of the coverage and border maps, which need it; the overview ignores it. The map
    /// draws what it is given and re-runs no analysis. Same inputs, same bytes.
    /// `zoomable` adds a small inline script (for the report, where the SVG is inline): a click
    /// zooms the view 3× around the point, a second click zooms back out.
    public func svg(kind: MapKind, radiusKm: Double, coverage: CoverageResult?, sites: [Site], service: Service,
                    zoomable: Bool = false) throws -> String {
        guard radiusKm.isFinite, radiusKm > 0 else { throw GeoError.invalidInput("radius must be a positive number of km, got \(radiusKm)") }
        var result: CoverageResult?
        if kind != .overview {
            guard let coverage else { throw GeoError.invalidInput("the \(kind) map needs the coverage at \(radiusKm) km") }
            guard abs(coverage.radiusKm - radiusKm) < 1e-9 else {
                throw GeoError.invalidInput("the coverage was computed at \(coverage.radiusKm) km, the map asks for \(radiusKm) km")
            }
            result = coverage
        }
        let transformer = try projection()
        let focus = try focusBorder(kind)
        let frame = try self.frame(for: kind, transformer: transformer)
        var map = MapComposition(data: data, text: MapText(language: language), kind: kind, focus: focus, transformer: transformer,
                                     frame: frame, radiusKm: radiusKm, coverage: result, sites: sites, service: service)
        return try map.document(zoomable: zoomable)
    }

    /// WGS84 longitude/latitude to the Lambert conformal conic of Algeria.
    func projection() throws -> Transformer {
        try Transformer(from: "EPSG:4326", to: Transformer.algeriaConformalCRS, context: data.proj)
    }

    /// The land border a close-up shows (nil for the other kinds).
    func focusBorder(_ kind: MapKind) throws -> Border? {
        guard case let .border(partner) = kind else { return nil }
        let borders = try data.geodata.landBorders()
        guard let border = borders.first(where: { $0.country == partner }) else {
            throw UnknownIdentifier(kind: "border", id: partner.rawValue, closest: closestMatches(to: partner.rawValue, among: borders.compactMap { $0.country?.rawValue }))
        }
        return border
    }

    /// Where the map of `kind` sits on the page and what it shows.
    func frame(for kind: MapKind) throws -> MapFrame {
        try frame(for: kind, transformer: try projection())
    }

    func frame(for kind: MapKind, transformer: Transformer) throws -> MapFrame {
        if let focus = try focusBorder(kind) {
            // The extent from a lightly thinned line (0.001°, ~100 m): same box, far fewer vertices.
            guard let box = try transformer.transform(try focus.geometry.simplifiedForDisplay(tolerance: 0.001)).envelope else {
                throw GeoError.invalidInput("the \(focus.nameEN) border has no geometry")
            }
            let margin = max(0.12 * max(box.width, box.height), 90_000)
            return MapFrame.fitting(box.expanded(by: margin), maxWidth: Self.maxMapWidth, maxHeight: Self.maxMapHeight,
                                    aspect: 0.75...1.6, left: Self.marginLeft, top: Self.headerHeight)
        }
        guard let box = try transformer.transform(try data.geodata.outline().geometry.simplifiedForDisplay(tolerance: 0.001)).envelope else {
            throw GeoError.invalidInput("Algeria's outline is empty")
        }
        return MapFrame.fitting(box.expanded(by: 70_000), maxWidth: Self.maxMapWidth, maxHeight: Self.maxMapHeight,
                                aspect: 0.8...1.4, left: Self.marginLeft, top: Self.headerHeight)
    }
}

/// Everything one map needs while it is drawn: inputs, projection, frame, labels placed so far.
struct MapComposition {
    let data: AnalysisData
    let text: MapText
    let kind: MapKind
    let focus: Border?
    let transformer: Transformer
    let frame: MapFrame
    let radiusKm: Double
    let coverage: CoverageResult?
    let sites: [Site]
    let service: Service
    /// Simplification tolerance, projected metres.
    let tolerance: Double
    /// Geometries are cut to this projected box (the frame and a little more).
    let clipBox: Envelope
    var placer: LabelPlacer
    /// Labels, drawn last, above every feature.
    var labels: [SVGElement] = []
    var leaders: [SVGElement] = []
    /// What the layers drew, for the labels and the legend: crossings at their page position,
    /// wilaya main towns, land borders, whether the coast shows.
    var drawnSites: [(site: Site, x: Double, y: Double)] = []
    var seats: [(code: String, x: Double, y: Double)] = []
    var drawnBorders: [Partner] = []
    var coastDrawn = false
    /// An isochrone map's bands (colour, label): the legend shows them instead of the discs and gaps.
    var isochroneKey: [(colour: String, label: String)]?

    init(data: AnalysisData, text: MapText, kind: MapKind, focus: Border?, transformer: Transformer, frame: MapFrame,
         radiusKm: Double, coverage: CoverageResult?, sites: [Site], service: Service) {
        self.data = data
        self.text = text
        self.kind = kind
        self.focus = focus
        self.transformer = transformer
        self.frame = frame
        self.radiusKm = radiusKm
        self.coverage = coverage
        self.sites = sites
        self.service = service
        tolerance = MapRenderer.tolerancePixels * frame.metresPerPixel
        clipBox = frame.extent.expanded(by: 20 * frame.metresPerPixel)
        placer = LabelPlacer(bounds: PageBox(minX: frame.left + 2, minY: frame.top + 2, maxX: frame.right - 2, maxY: frame.bottom - 2))
    }

    var rtl: Bool { text.language == .ar }

    /// A longitude/latitude geometry projected, simplified for the map's scale and cut to the frame.
    func project(_ geometry: Geometry) throws -> Geometry {
        guard try mayShow(geometry) else { return try Geometry.empty(.geometryCollection, in: geometry.context) }
        // Thin the vertices in degrees first (a degree of latitude is 111.3 km, of longitude
        // less, so this never removes more than the tolerance allows), then project only those.
        let projected = try transformer.transform(try geometry.simplifiedForDisplay(tolerance: tolerance / 111_320))
        guard let box = projected.envelope, box.maxX >= clipBox.minX, box.minX <= clipBox.maxX,
              box.maxY >= clipBox.minY, box.minY <= clipBox.maxY else { return try Geometry.empty(.geometryCollection, in: geometry.context) }
        return try projected.simplifiedForDisplay(tolerance: tolerance).clipped(to: clipBox)
    }

    /// False when `geometry` lies wholly outside `clipBox` (the inset shows a few of the 69
    /// wilayas): its longitude/latitude box, projected along its edges, misses the box by more
    /// than a margin. Whatever it holds lies inside that region, and simplifying only drops
    /// vertices, so `project` would return an empty geometry too; this test costs 64 points
    /// instead of all its vertices. (Meridians project to straight lines, parallels to arcs
    /// that bulge well under a kilometre between 16 points of an edge: the margin covers it.)
    func mayShow(_ geometry: Geometry) throws -> Bool {
        guard let box = geometry.envelope else { return true }
        let steps = 16, margin = 10_000.0
        let edges = (0...steps).flatMap { step -> [Coordinate] in
            let t = Double(step) / Double(steps)
            let x = box.minX + t * (box.maxX - box.minX), y = box.minY + t * (box.maxY - box.minY)
            return [Coordinate(x: x, y: box.minY), Coordinate(x: x, y: box.maxY), Coordinate(x: box.minX, y: y), Coordinate(x: box.maxX, y: y)]
        }
        let points = try transformer.transform(edges)
        return points.map(\.x).max()! + margin >= clipBox.minX && points.map(\.x).min()! - margin <= clipBox.maxX
            && points.map(\.y).max()! + margin >= clipBox.minY && points.map(\.y).min()! - margin <= clipBox.maxY
    }

    /// Page position of a longitude/latitude point.
    func pixel(_ location: Coordinate) throws -> Coordinate {
        frame.pixel(try transformer.transform(location))
    }

    /// Longitude/latitude of a page position.
    func location(x: Double, y: Double) throws -> Coordinate {
        try transformer.transform(frame.projected(x: x, y: y), inverse: true)
    }

    /// The whole SVG document: the map, the legend, the inset under it (overview and coverage),
    /// the title and the attribution; with `zoomable`, the click-to-zoom script.
    mutating func document(zoomable: Bool = false) throws -> String {
        var drawn = try mapGroup(id: "map", northArrow: true)
        let legend = try legendPanel()
        let inset = try insetPanel(top: legend.bottom + MapRenderer.gutter)
        if let inset { drawn.map.append(inset.locator) }
        let pageWidth = frame.right + MapRenderer.gutter + MapRenderer.panelWidth + MapRenderer.gutter
        let pageHeight = (max(frame.bottom, legend.bottom, inset?.bottom ?? 0) + MapRenderer.footerHeight).rounded()
        var root = SVGElement("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"), ("version", "1.1"),
            ("width", svgNumber(pageWidth)), ("height", svgNumber(pageHeight)),
            ("viewBox", "0 0 \(svgNumber(pageWidth)) \(svgNumber(pageHeight))"),
            ("font-family", MapStyle.fontFamily), ("xml:lang", text.language.rawValue),
        ])
        root.append(SVGElement("title", text: header.title))
        root.append(SVGElement("rect", [("width", svgNumber(pageWidth)), ("height", svgNumber(pageHeight)), ("fill", MapStyle.pageBackground)]))
        root.append(drawn.map)
        root.append(drawn.graticuleLabels)
        root.append(contentsOf: headerElements(pageWidth: pageWidth))
        root.append(legend.element)
        if let inset { root.append(inset.element) }
        root.append(footer(pageWidth: pageWidth, pageHeight: pageHeight))
        if zoomable { root.append(zoomScript()) }
        return root.document()
    }

    /// The map in its frame: every layer, the labels and the furniture, clipped to the frame
    /// (its clip path inside), the frame's outline on top; the graticule's labels outside it.
    mutating func mapGroup(id: String, northArrow: Bool) throws -> (map: SVGElement, graticuleLabels: SVGElement) {
        let furniture = try reserveFurniture(northArrow: northArrow)
        let rect: [(String, String)] = [("x", svgNumber(frame.left)), ("y", svgNumber(frame.top)), ("width", svgNumber(frame.width)),
                                        ("height", svgNumber(frame.height))]
        var map = SVGElement("g", [("id", id), ("clip-path", "url(#\(id)-frame)")])
        map.append(SVGElement("rect", rect + [("fill", MapStyle.mapBackground)]))
        map.append(try neighbourLayer())
        map.append(try seamLayer())
        map.append(try wilayaLayer())
        let graticule = try graticuleLayer()
        map.append(graticule.lines)
        if kind != .overview { map.append(try discLayer()) }
        map.append(try borderLayer())
        if kind != .overview { map.append(try gapLayer()) }
        map.append(try seatLayer())
        map.append(try crossingLayer())
        try placeLabels()
        map.append(SVGElement("g", [("id", "leaders"), ("stroke", "#555555"), ("stroke-width", "0.8"), ("fill", "none")],
                              children: leaders.map(SVGNode.element)))
        map.append(SVGElement("g", [("id", "labels")], children: labels.map(SVGNode.element)))
        map.append(contentsOf: furniture)
        var framed = SVGElement("g", [("id", "\(id)-framed")], children: [
            .element(SVGElement("clipPath", [("id", "\(id)-frame")], children: [.element(SVGElement("rect", rect))])), .element(map),
        ])
        framed.append(SVGElement("rect", rect + [("fill", "none"), ("stroke", MapStyle.frameStroke), ("stroke-width", "1")]))
        return (framed, graticule.labels)
    }
}
