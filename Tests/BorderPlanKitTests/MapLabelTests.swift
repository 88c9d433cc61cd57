import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// Every map `make maps` ships (overview, coverage, the seven close-ups) in one language, at 100 km,
/// with the coverage computed once as the CLI does.
struct ShippedMaps {
    static let kinds: [MapKind] = [.overview, .coverage] + Partner.allCases.map { MapKind.border($0) }

    let data: AnalysisData
    let sites: [Site]
    let coverage: CoverageResult
    let language: Language

    init(language: Language) throws {
        data = try AnalysisData(directory: geodataDirectory)
        sites = Scenario.sites(data.knowledge, scenario: nil, language: language)
        coverage = try CoverageAnalysis(data: data).run(sites: sites, service: .default, radiusKm: 100)
        self.language = language
    }

    func svg(_ kind: MapKind, zoomable: Bool = false) throws -> String {
        try MapRenderer(data: data, language: language).svg(kind: kind, radiusKm: 100, coverage: kind == .overview ? nil : coverage,
                                                            sites: sites, service: .default, zoomable: zoomable)
    }
}

/// A drawn label and the box the placer gave it, rebuilt from the SVG text alone (its string,
/// position, anchor, direction, size and weight) with the placer's own width estimate.
struct DrawnLabel {
    var text: String
    var box: PageBox

    static func all(in probe: SVGProbe) throws -> [DrawnLabel] {
        try probe.elements.filter { element in
            element.name == "text" && (probe.elements[element.parent ?? 0].attributes["id"] ?? "").hasSuffix("labels")
        }.map { element in
            let number = { (name: String) throws -> Double in try #require(element.attributes[name].flatMap(Double.init), "\(name) of \(element.text)") }
            let size = try number("font-size"), x = try number("x"), y = try number("y")
            let padding = LabelPlacer.padding
            let width = TextMetrics.width(of: element.text, fontSize: size, bold: element.attributes["font-weight"] == "bold") + 2 * padding
            let rtl = element.attributes["direction"] == "rtl"
            let minX: Double
            switch (element.attributes["text-anchor"] ?? "start", rtl) {
            case ("middle", _): minX = x - width / 2
            case ("start", false), ("end", true): minX = x - padding
            default: minX = x + padding - width
            }
            let centreY = y - size * LabelPlacer.baselineShift, height = size * LabelPlacer.lineHeight
            return DrawnLabel(text: element.text, box: PageBox(minX: minX, minY: centreY - height / 2, maxX: minX + width, maxY: centreY + height / 2))
        }
    }
}

extension SVGProbe {
    /// Whether element `index` lies inside the element with id `id`.
    func isInside(_ index: Int, id: String) -> Bool {
        var current = elements[index].parent
        while let parent = current {
            if elements[parent].attributes["id"] == id { return true }
            current = elements[parent].parent
        }
        return false
    }
}

@Suite struct MapLabelTests {
    /// No two labels of any shipped map overlap, in any language. Positions are written to
    /// 0.1 px, so boxes are shrunk by 0.1 px before testing (touching boxes are allowed).
    @Test(arguments: Language.allCases) func noTwoLabelsOverlapOnAnyShippedMap(language: Language) throws {
        let maps = try ShippedMaps(language: language)
        for kind in ShippedMaps.kinds {
            let probe = try #require(SVGProbe.parse(try maps.svg(kind)))
            let labels = try DrawnLabel.all(in: probe)
            #expect(labels.count >= 8, "\(kind) \(language): only \(labels.count) labels")
            for (i, a) in labels.enumerated() {
                let shrunk = PageBox(minX: a.box.minX + 0.1, minY: a.box.minY + 0.1, maxX: a.box.maxX - 0.1, maxY: a.box.maxY - 0.1)
                for b in labels[(i + 1)...] where shrunk.intersects(b.box) {
                    Issue.record("\(kind) \(language): “\(a.text)” overlaps “\(b.text)”")
                }
            }
        }
    }

    /// The defects the issue names are gone: on the Tunisia close-up the El Tarf and Souk Ahras
    /// labels show in full, clear of Oum Teboul's, and the border line runs through no wilaya label.
    @Test func tunisiaCloseUpLabelsAreWholeAndOffTheBorder() throws {
        let maps = try ShippedMaps(language: .en)
        let probe = try #require(SVGProbe.parse(try maps.svg(.border(.TN))))
        let labels = try DrawnLabel.all(in: probe)
        let texts = Set(labels.map(\.text))
        #expect(texts.isSuperset(of: ["36 El Tarf", "41 Souk Ahras", "65 Bir El Ater", "Oum Teboul"]), "\(texts.sorted())")
        // The Tunisia border as drawn (page px): no wilaya label's box is crossed by it.
        let line = try #require(probe.all("path").first { $0.attributes["data-border"] == "TN" }?.attributes["d"])
        var grid = SegmentGrid()
        for run in Self.polylines(line) { grid.insert(run) }
        let wilayaLabels = probe.all("text").filter { $0.attributes["class"] == "wilaya-label" }.map(\.text)
        #expect(wilayaLabels.count >= 5)
        for label in labels where wilayaLabels.contains(label.text) {
            let crossed = grid.crosses(label.box)
            #expect(!crossed, "the border runs through “\(label.text)”")
        }
    }

    /// Absolute "M x y" then relative "l dx dy …" runs, as `MapFrame.pathData` writes them.
    static func polylines(_ d: String) -> [[(x: Double, y: Double)]] {
        d.split(separator: "M").map { run in
            let parts = run.split(separator: "l", maxSplits: 1)
            let start = parts[0].split(separator: " ").compactMap { Double($0) }
            var points = [(x: start[0], y: start[1])]
            let steps = parts.count > 1 ? parts[1].replacingOccurrences(of: "z", with: "").split(separator: " ").compactMap { Double($0) } : []
            for index in stride(from: 0, to: steps.count - 1, by: 2) {
                points.append((points.last!.x + steps[index], points.last!.y + steps[index + 1]))
            }
            return points
        }
    }

    /// The width estimate against Chromium's getComputedTextLength for DejaVu Sans 2.37 (in em,
    /// measured at 100 px): never under, at most 7 % over (kerning), for Latin and Arabic.
    @Test(arguments: [("01 Adrar", false, 4.3267), ("Lahdada / Haddada", false, 9.7662), ("Oum Teboul", false, 5.9273), ("Tarat", false, 2.4742),
                      ("12 تبسة", false, 3.5989), ("41 سوق أهراس", false, 6.8942), ("الطالب العربي", false, 6.0406),
                      ("349 km", true, 4.1427), ("Tunisia", true, 3.9517), ("الطالب العربي", true, 7.1422)])
    func textWidthEstimateHoldsTheRenderedText(text: String, bold: Bool, chromiumEm: Double) {
        let estimate = TextMetrics.width(of: text, fontSize: 100, bold: bold) / 100
        #expect(estimate >= chromiumEm - 0.001 && estimate <= chromiumEm * 1.07, "\(text): \(estimate) em, Chromium \(chromiumEm) em")
    }

    /// Every text of every map shows at ≥ 10 px in the report, which sets the inline SVG to
    /// width 100 % of its column: body max-width less the figure's default 40 px margins.
    @Test(arguments: Language.allCases) func textIsAtLeastTenPixelsInTheReport(language: Language) throws {
        let style = ReportBuilder.style
        let bodyWidth = try #require(style.firstMatch(of: /body\{[^}]*max-width:(\d+)px/).flatMap { Double($0.1) })
        // The map figure's inline margins: the browser's 40 px, or none when the style removes them.
        #expect(!style.contains("figure{"), "no rule changes every figure's margins")
        let margin = style.contains("figure.map{margin-inline:0") ? 0.0 : 40.0
        let column = bodyWidth - 2 * margin
        #expect(column >= MapStyle.reportWidth, "the report shows maps at least \(MapStyle.reportWidth) px wide")
        let maps = try ShippedMaps(language: language)
        for kind in ShippedMaps.kinds {
            let probe = try #require(SVGProbe.parse(try maps.svg(kind)))
            let viewBox = try #require(probe.elements[0].attributes["viewBox"]).split(separator: " ").compactMap { Double($0) }
            let shown = column / viewBox[2]
            let smallest = try #require(probe.all("text").compactMap { $0.attributes["font-size"].flatMap(Double.init) }.min())
            #expect(smallest * shown >= 10, "\(kind) \(language): \(smallest) px shows at \(smallest * shown) px")
            #expect(viewBox[2] <= MapStyle.maxPageWidth)
        }
    }

    /// A close-up's legend lists the borders and statuses drawn on it, and no empty row.
    @Test func closeUpLegendsListOnlyWhatIsDrawn() throws {
        let maps = try ShippedMaps(language: .en)
        let lcc = try Transformer(from: "EPSG:4326", to: Transformer.algeriaConformalCRS, context: try ProjContext())
        let borders = try maps.data.geodata.landBorders()
        for partner in Partner.allCases {
            let kind = MapKind.border(partner)
            let probe = try #require(SVGProbe.parse(try maps.svg(kind)))
            let legend = probe.elements.indices.filter { probe.elements[$0].name == "text" && probe.isInside($0, id: "legend") }.map { probe.elements[$0].text }
            #expect(!legend.contains { $0.hasSuffix("(0)") }, "\(partner): \(legend)")
            // Independently of the renderer: a border shows when its projected line meets the frame.
            let frame = try MapRenderer(data: maps.data, language: .en).frame(for: kind)
            let context = maps.data.context
            let window = try Geometry.rectangle(frame.extent, in: context)
            for border in borders {
                let shown = try lcc.transform(border.geometry).intersects(window)
                #expect(legend.contains { $0.hasPrefix(border.nameEN + " (") } == shown, "\(partner) close-up, \(border.nameEN): shown \(shown)")
            }
            let statuses = Set(try maps.sites.filter { frame.contains(pixel: frame.pixel(try lcc.transform($0.location))) }.map(\.status))
            #expect(!statuses.isEmpty)
            for status in CrossingStatus.allCases {
                #expect(legend.contains { $0.hasPrefix(status.rawValue + " (") } == statuses.contains(status), "\(partner) close-up, \(status)")
            }
        }
    }

    /// The discs are drawn as one filled union with one outline; each disc keeps only a thin rim.
    @Test func discsAreDrawnAsTheirUnion() throws {
        let maps = try ShippedMaps(language: .en)
        let probe = try #require(SVGProbe.parse(try maps.svg(.coverage)))
        let discs = probe.elements.indices.filter { probe.isInside($0, id: "discs") && probe.elements[$0].name == "path" }.map { probe.elements[$0] }
        let filled = discs.filter { $0.attributes["fill"] != "none" }
        #expect(filled.count == 1 && filled.first?.attributes["class"] == "disc-union")
        let rims = discs.filter { $0.attributes["class"] == "disc" }
        #expect(rims.count == maps.coverage.open.count)
        // The ten Tunisia discs overlap: the union has fewer rings than there are discs.
        let rings = try #require(filled.first?.attributes["d"]).filter { $0 == "M" }.count
        #expect(rings < rims.count, "\(rings) rings for \(rims.count) discs")
    }

    /// The inset is at 1:2,500,000: its scale bar (measured geodesically by the renderer) gives
    /// 2,500,000 × 0.0254 / 96 = 661.46 m of ground a CSS pixel, within 1 % (the conic's scale
    /// varies by less than that over the inset). It draws the Tunisia border's crowded crossings,
    /// every one labelled.
    @Test func tunisiaInsetIsAtOneToTwoAndAHalfMillion() throws {
        let maps = try ShippedMaps(language: .en)
        for kind in [MapKind.overview, .coverage] {
            let probe = try #require(SVGProbe.parse(try maps.svg(kind)))
            #expect(probe.element(id: "inset")?.attributes["data-scale"] == "2500000")
            let line = try #require(probe.element(id: "inset-scale-bar-line"))
            let km = try #require(probe.element(id: "inset-scale-bar")?.attributes["data-km"].flatMap(Double.init))
            let pixels = try #require(Double(line.attributes["x2"] ?? "")) - (try #require(Double(line.attributes["x1"] ?? "")))
            let metresPerPixel = km * 1_000 / pixels
            #expect(abs(metresPerPixel / (2_500_000 * 0.0254 / 96) - 1) < 0.01, "\(metresPerPixel) m/px")
            let crossings = probe.elements.indices.filter { probe.elements[$0].attributes["class"] == "crossing" && probe.isInside($0, id: "inset") }
            let tunisian = Set(crossings.compactMap { probe.elements[$0].attributes["data-id"] })
                .filter { id in maps.sites.first { $0.id == id }?.partner == .TN }
            #expect(tunisian.count >= 10, "\(tunisian.sorted())")
            let labels = probe.elements.filter { $0.attributes["class"] == "crossing-label" && probe.elements[$0.parent ?? 0].attributes["id"] == "inset-labels" }
            #expect(labels.count == crossings.count, "\(labels.map(\.text))")
        }
        let closeUp = try maps.svg(.border(.TN))
        #expect(SVGProbe.parse(closeUp)?.element(id: "inset") == nil)
    }

    /// The report's maps zoom on a click: one inline script, no external file, acting on the
    /// viewBox; the standalone files have no script.
    @Test func reportMapsZoomOnClick() throws {
        let maps = try ShippedMaps(language: .fr)
        var options = ReportOptions()
        options.language = .fr
        let drawMap = try #require(makeReportBuilder(data: maps.data, options: options).drawMap)
        for kind in ["overview", "coverage"] {
            let probe = try #require(SVGProbe.parse(try drawMap(kind, maps.coverage, maps.sites)))
            let scripts = probe.all("script")
            #expect(scripts.count == 1 && scripts[0].attributes["src"] == nil && scripts[0].attributes["href"] == nil)
            #expect(scripts[0].text.contains("setAttribute('viewBox'") && scripts[0].text.contains("Cliquer pour zoomer"))
        }
        let standalone = try maps.svg(.coverage)
        #expect(SVGProbe.parse(standalone)?.all("script").isEmpty == true)
    }
}
