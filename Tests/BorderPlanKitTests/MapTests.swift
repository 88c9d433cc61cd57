import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import BorderPlanKit
import Geo

/// What the tests read back from an SVG: every element with its attributes, direct text and parent.
final class SVGProbe: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
        var parent: Int?
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []
    private(set) var error: Error?

    /// Parses `text`; nil when it is not well-formed XML.
    static func parse(_ text: String) -> SVGProbe? {
        let probe = SVGProbe()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = probe
        guard parser.parse(), probe.error == nil else { return nil }
        return probe
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(Element(name: name, attributes: attributes, parent: open.last))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = open.last { elements[index].text += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        error = parseError
    }

    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }
    func element(id: String) -> Element? { elements.first { $0.attributes["id"] == id } }

    /// The `<title>` children of element `index`.
    func titles(of index: Int) -> [String] {
        elements.filter { $0.name == "title" && $0.parent == index }.map(\.text)
    }
}

/// The real geodata and its baseline crossings.
struct MapFixture {
    let data: AnalysisData
    let sites: [Site]

    init() throws {
        data = try AnalysisData(directory: geodataDirectory)
        sites = Scenario.sites(data.knowledge, scenario: nil, language: .en)
    }

    /// The map of `kind` at 100 km, with the coverage computed once by the caller as the CLI and the report do.
    func render(_ kind: MapKind, language: Language = .en, sites: [Site]? = nil) throws -> String {
        let sites = sites ?? self.sites
        let coverage = kind == .overview ? nil : try CoverageAnalysis(data: data).run(sites: sites, service: .default, radiusKm: 100)
        return try MapRenderer(data: data, language: language).svg(kind: kind, radiusKm: 100, coverage: coverage, sites: sites, service: .default)
    }
}

@Suite struct MapTests {
    static let kinds: [MapKind] = [.overview, .coverage, .border(.TN), .border(.EH)]

    /// Rail crossings (the shipped Souk Ahras–Ghardimaou line) are drawn as a length of track, a
    /// path; road crossings keep the status shapes (circle, rect, polygon), never a path.
    @Test func railCrossingsTakeTheTrackSymbol() throws {
        let fixture = try MapFixture()
        let probe = try #require(SVGProbe.parse(try fixture.render(.overview)))
        let rail = Set(fixture.data.knowledge.crossings.filter { $0.kind == .rail }.map(\.id))
        #expect(!rail.isEmpty)
        for index in probe.elements.indices where probe.elements[index].attributes["class"] == "crossing" {
            let id = probe.elements[index].attributes["data-id"] ?? ""
            let symbol = probe.elements.first { $0.parent == index && $0.name != "title" }
            #expect(probe.elements[index].attributes["data-kind"] == (rail.contains(id) ? "rail" : "road"), "\(id)")
            #expect((symbol?.name == "path") == rail.contains(id), "\(id): \(symbol?.name ?? "none")")
        }
    }

    @Test(arguments: kinds) func svgIsWellFormedXMLWithATitleOnEveryFeature(kind: MapKind) throws {
        let fixture = try MapFixture()
        let svg = try fixture.render(kind)
        let probe = try #require(SVGProbe.parse(svg), "not well-formed XML")
        #expect(probe.elements.first?.name == "svg")
        #expect(probe.elements.first?.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(svg.contains(MapText.attribution))
        // Every feature carries a tooltip.
        for (index, element) in probe.elements.enumerated() {
            let group = probe.elements[element.parent ?? 0].attributes["id"]
            let isFeature = element.attributes["class"] == "crossing" || element.attributes["class"] == "gap"
                || (element.name == "path" && ["wilayas", "borders", "discs"].contains(group))
            if isFeature { #expect(probe.titles(of: index).count == 1, "\(element.name) in \(group ?? "?") has no title") }
        }
        // The main map's crossings (the inset draws some again).
        let crossings = probe.elements.indices.filter { probe.elements[$0].attributes["class"] == "crossing" && !probe.isInside($0, id: "inset") }
        #expect(!crossings.isEmpty)
        if kind == .overview || kind == .coverage {
            // All of Algeria: every crossing is drawn, with its name, status and distance to its border.
            #expect(crossings.count == fixture.sites.count)
            for site in fixture.sites {
                let index = try #require(crossings.first { probe.elements[$0].attributes["data-id"] == site.id }, "\(site.id) not drawn")
                let title = try #require(probe.titles(of: index).first)
                #expect(title.hasPrefix(site.name + " — " + site.status.rawValue), "\(title)")
                #expect(title.contains("\u{00A0}km from the "), "\(title)")
            }
            #expect(probe.all("path").filter { probe.elements[$0.parent ?? 0].attributes["id"] == "wilayas" }.count == 69)
        }
        if kind != .overview {
            #expect(!probe.elements.filter { $0.attributes["class"] == "gap" }.isEmpty, "no gap drawn")
            #expect(probe.element(id: "discs") != nil)
        }
    }

    @Test func debdebTooltipNamesStatusAndBorderDistance() throws {
        let fixture = try MapFixture()
        let probe = try #require(SVGProbe.parse(try fixture.render(.overview)))
        let index = try #require(probe.elements.indices.first { probe.elements[$0].attributes["data-id"] == "debdeb" })
        let title = try #require(probe.titles(of: index).first)
        let prefix = "Debdeb–Ghadames crossing — open, goods only — ", suffix = "\u{00A0}km from the Libya border"
        #expect(title.hasPrefix(prefix) && title.hasSuffix(suffix), "\(title)")
        let shown = try #require(Double(title.dropFirst(prefix.count).dropLast(suffix.count)), "\(title)")
        // Independent check: the geodesic distance to the nearest vertex of each land border
        // densified to 0.0005° (≤ 56 m between vertices, so ≤ 28 m over the true distance).
        let debdeb = try #require(fixture.data.knowledge.crossing(id: "debdeb")).location
        var nearest: [String: Double] = [:]
        for border in try fixture.data.geodata.landBorders() {
            guard let country = border.country else { continue }
            let vertices = try border.geometry.densified(maxSegmentLength: 0.0005).parts.flatMap { try $0.coordinates }
            nearest[country.rawValue] = vertices.map { Geodesic.wgs84.distance(debdeb, $0) / 1_000 }.min()
        }
        let libya = try #require(nearest["LY"])
        #expect(nearest.allSatisfy { $0.key == "LY" || $0.value > libya }, "Libya is the nearest border: \(nearest)")
        // Shown to 0.1 km (± 0.05), the brute force is at most 0.028 km long.
        #expect(shown >= libya - 0.028 - 0.05 - 1e-9 && shown <= libya + 0.05 + 1e-9, "shown \(shown) km, brute force \(libya) km")
    }

    @Test func everyBorderHasItsColour() throws {
        let fixture = try MapFixture()
        for kind in [MapKind.overview, .coverage] {
            let probe = try #require(SVGProbe.parse(try fixture.render(kind)))
            let borders = probe.elements.indices.filter { probe.elements[$0].attributes["data-border"] != nil && probe.elements[$0].name == "path"
                && probe.isInside($0, id: "borders") }.map { probe.elements[$0] }
            #expect(borders.count == 7)
            for (country, colour) in MapStyle.borderColours {
                #expect(borders.contains { $0.attributes["data-border"] == country && $0.attributes["stroke"] == colour }, "\(country) \(colour)")
            }
            #expect(probe.all("path").contains { $0.attributes["stroke"] == MapStyle.coastColour })
        }
        // The seven colours are distinct, and differ from the coast's and the gaps'.
        let colours = MapStyle.borderColours.map(\.colour) + [MapStyle.coastColour, MapStyle.gapColour]
        #expect(Set(colours).count == colours.count)
        // Each status has its own symbol and colour.
        #expect(Set(MapStyle.statusStyles.map(\.colour)).count == 4)
        #expect(Set(MapStyle.statusStyles.map { "\($0.symbol)" }).count == 4)
        #expect(!MapStyle.statusStyles.contains { $0.symbol == .star })
    }

    @Test(.enabled(if: SVGRasterizer.executable() != nil, "needs rsvg-convert (librsvg2-bin)"))
    func rendersToPNG() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let svg = folder.appendingPathComponent("border-TN.svg")
        try writeAtomically(try MapFixture().render(.border(.TN)), to: svg)
        let magic: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        // rsvg-convert itself: exit status 0 and a PNG.
        let direct = folder.appendingPathComponent("direct.png")
        let result = try run(try #require(SVGRasterizer.executable()), ["--format", "png", "--output", direct.path, svg.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Array(try Data(contentsOf: direct).prefix(8)) == magic)
        // Through the rasterizer, twice (the second time over an existing file), nothing left behind.
        let png = folder.appendingPathComponent("border-TN.png")
        try SVGRasterizer.writePNG(svg: svg, to: png)
        try SVGRasterizer.writePNG(svg: svg, to: png)
        #expect(Array(try Data(contentsOf: png).prefix(8)) == magic)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["border-TN.png", "border-TN.svg", "direct.png"])
    }

    @Test func rasterizerFailsClearlyWithoutTheTool() throws {
        #expect(SVGRasterizer.executable(environment: ["PATH": "/nonexistent"]) == nil)
        #expect(SVGRasterizer.missingToolError.description.contains("librsvg2-bin"))
    }

    @Test func sameInputsGiveTheSameBytes() throws {
        for kind in [MapKind.coverage, .border(.MA)] {
            // Two separate loads: nothing carried over between renders.
            let first = try MapFixture().render(kind, language: .fr)
            let second = try MapFixture().render(kind, language: .fr)
            #expect(first == second)
            #expect(first.utf8.count < 1_500_000)
        }
    }

    @Test func escaperHandlesQuotesAmpersandsAnglesAndArabic() throws {
        let name = "O'Hara \"<x>\" & عين"
        #expect(XMLEscaping.escape(name) == "O&apos;Hara &quot;&lt;x&gt;&quot; &amp; عين")
        // Characters XML 1.0 forbids are dropped; tab, newline and CR survive as references.
        #expect(XMLEscaping.escape("a\u{0}b\u{1B}c\u{FFFE}d\u{FFFF}") == "abcd")
        #expect(XMLEscaping.escape("a\tb\nc\rd") == "a&#9;b&#10;c&#13;d")
        #expect(XMLEscaping.escape("𝔸 ڨ") == "𝔸 ڨ")

        // Round trip through a real parser, as text and as attribute.
        let tricky = name + "\t]]> &amp; \n--><!--"
        let document = SVGElement("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("data-name", tricky)], children: [
            .element(SVGElement("title", text: tricky)),
        ]).document()
        let probe = try #require(SVGProbe.parse(document))
        #expect(probe.elements[0].attributes["data-name"] == tricky)
        #expect(probe.all("title").first?.text == tricky)

        // A whole map with such a site stays valid and shows the name verbatim.
        let fixture = try MapFixture()
        let site = Site(id: "o'hara&<1>", name: name, partner: .LY, location: Coordinate(lon: 9.5, lat: 29.0),
                        status: .open, hypothetical: true)
        let svg = try fixture.render(.coverage, sites: fixture.sites + [site])
        let map = try #require(SVGProbe.parse(svg))
        let index = try #require(map.elements.indices.first { map.elements[$0].attributes["data-id"] == site.id })
        #expect(map.titles(of: index).first?.hasPrefix(name + " — open — hypothetical site (scenario)") == true)
        #expect(map.all("text").contains { $0.text == name })
    }

    @Test func arabicTextIsSetRightToLeft() throws {
        let svg = try MapFixture().render(.overview, language: .ar)
        let probe = try #require(SVGProbe.parse(svg))
        let arabic = probe.all("text").filter { isRightToLeft($0.text) }
        #expect(arabic.count > 40)
        for text in arabic {
            #expect(text.attributes["direction"] == "rtl", "\(text.text)")
            #expect(text.attributes["unicode-bidi"] == "embed", "\(text.text)")
            #expect(text.attributes["xml:lang"] == "ar", "\(text.text)")
            #expect(text.attributes["font-size"] != nil)
        }
        #expect(probe.all("text").filter { !isRightToLeft($0.text) }.allSatisfy { $0.attributes["direction"] == nil })
        #expect(probe.elements[0].attributes["font-family"] == "DejaVu Sans, sans-serif")
        #expect(probe.element(id: "map-title")?.text == "الجزائر: الحدود البرية والمعابر الحدودية")
        #expect(probe.all("text").contains { $0.text.hasPrefix("12 ") && $0.text.contains("تبسة") })
    }

    @Test(arguments: [MapKind.overview, .border(.TN), .border(.EH), .border(.ML)])
    func scaleBarLabelMatchesTheGeodesicLengthOfTheBar(kind: MapKind) throws {
        let fixture = try MapFixture()
        let renderer = MapRenderer(data: fixture.data, language: .fr)
        let probe = try #require(SVGProbe.parse(try fixture.render(kind, language: .fr)))
        let line = try #require(probe.element(id: "scale-bar-line"))
        let label = try #require(probe.element(id: "scale-bar-label")).text
        #expect(label.hasSuffix("\u{00A0}km"), "a no-break space before the unit")
        let km = try #require(Double(label.dropLast(3).replacingOccurrences(of: ",", with: ".")), "label '\(label)'")
        let number = { (name: String) throws -> Double in try #require(line.attributes[name].flatMap(Double.init)) }
        let y = try number("y1")
        #expect(try number("y2") == y)
        // Page → projected metres (the frame's affine map) → longitude/latitude through PROJ → geodesic.
        let frame = try renderer.frame(for: kind)
        let lcc = try Transformer(from: "EPSG:4326", to: Transformer.algeriaConformalCRS, context: try ProjContext())
        let start = try lcc.transform(frame.projected(x: try number("x1"), y: y), inverse: true)
        let end = try lcc.transform(frame.projected(x: try number("x2"), y: y), inverse: true)
        let measured = Geodesic.wgs84.distance(start, end) / 1_000
        #expect(abs(measured - km) / km < 0.01, "bar \(measured) km, label \(label)")
        // A readable bar: 60–260 px.
        let pixels = try number("x2") - number("x1")
        #expect(pixels > 60 && pixels < 260)
    }

    @Test func northArrowFollowsTheConvergenceOfMeridians() throws {
        let fixture = try MapFixture()
        func angle(_ kind: MapKind) throws -> Double {
            let probe = try #require(SVGProbe.parse(try fixture.render(kind)))
            return try #require(probe.element(id: "north-arrow")?.attributes["data-angle"].flatMap(Double.init))
        }
        // East of the central meridian (3° E) north leans left, west of it right.
        let tunisia = try angle(.border(.TN)), morocco = try angle(.border(.MA))
        #expect(tunisia < -1 && tunisia > -5, "\(tunisia)")
        #expect(morocco > 1 && morocco < 7, "\(morocco)")
        #expect(abs(try angle(.overview)) < 1.5)
    }

    @Test func unknownBorderAndBadRadiusAreErrors() throws {
        let fixture = try MapFixture()
        #expect(throws: GeoError.self) {
            try MapRenderer(data: fixture.data, language: .en).svg(kind: .coverage, radiusKm: 0, coverage: nil, sites: fixture.sites, service: .default)
        }
        #expect(throws: GeoError.self, "the coverage map draws the caller's coverage, it does not compute one") {
            try MapRenderer(data: fixture.data, language: .en).svg(kind: .coverage, radiusKm: 100, coverage: nil, sites: fixture.sites, service: .default)
        }
        let coverage = try CoverageAnalysis(data: fixture.data).run(sites: fixture.sites, service: .default, radiusKm: 50)
        #expect(throws: GeoError.self) {
            try MapRenderer(data: fixture.data, language: .en).svg(kind: .coverage, radiusKm: 100, coverage: coverage, sites: fixture.sites, service: .default)
        }
        // A border is a `Partner`: codes are parsed in any case, unknown ones refused.
        #expect(Partner(code: "tn") == .TN && Partner(code: "XX") == nil)
    }

    @Test func shortLabelsDropTheGenericWords() {
        let en = MapText(language: .en), fr = MapText(language: .fr), ar = MapText(language: .ar)
        #expect(en.shortName("Debdeb–Ghadames crossing") == "Debdeb–Ghadames")
        #expect(en.shortName("Mustapha Ben Boulaid crossing (PK 75 south of Tindouf)") == "Mustapha Ben Boulaid")
        #expect(fr.shortName("Poste frontalier d'El Aïoun") == "El Aïoun")
        #expect(fr.shortName("Timiaouine (localité frontalière)") == "Timiaouine")
        #expect(ar.shortName("معبر الدبداب") == "الدبداب")
        #expect(en.shortName("Souk Ahras–Ghardimaou rail crossing") == "Souk Ahras–Ghardimaou")
        #expect(fr.shortName("Passage ferroviaire Souk Ahras–Ghardimaou (ligne Annaba–Tunis)") == "Souk Ahras–Ghardimaou")
        #expect(ar.shortName("المعبر الحدودي للسكة الحديدية سوق أهراس - غار الدماء") == "سوق أهراس - غار الدماء")
        #expect(en.shortName("(x)") == "(x)")
    }

    @Test func pathDataIsCompactAndRelative() throws {
        let frame = MapFrame(extent: Envelope(minX: 0, minY: 0, maxX: 100, maxY: 100), left: 10, top: 20, scale: 1)
        var d = ""
        frame.appendRun([Coordinate(x: 0, y: 100), Coordinate(x: 10.04, y: 100), Coordinate(x: 10, y: 100), Coordinate(x: 10, y: 90), Coordinate(x: 0, y: 100)],
                        closed: true, to: &d)
        #expect(d == "M10 20l10 0 0 10z")
        d = ""
        frame.appendRun([Coordinate(x: 1, y: 1), Coordinate(x: 1.01, y: 1.01)], closed: false, to: &d)
        #expect(d.isEmpty, "a line that collapses to one point is dropped")
        #expect(MapFrame.tenths(-3) == "-0.3" && MapFrame.tenths(20) == "2" && MapFrame.tenths(-125) == "-12.5")
    }
}
