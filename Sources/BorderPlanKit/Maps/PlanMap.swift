import Foundation
import Geo

/// A commune the plan newly covers: the people of it that come within R km only through the
/// chosen options.
public struct NewlyCoveredCommune {
    public var commune: Commune
    public var gain: Int
}

/// The plan map: the coverage map with the communes a plan newly covers, the chosen options'
/// discs and the options themselves (ranked stars), drawn over the coverage map's own SVG.
public struct PlanMap {
    public let data: AnalysisData
    public let language: Language

    public init(data: AnalysisData, language: Language) {
        self.data = data
        self.language = language
    }

    /// The communes of the border wilayas (the plan's demand) whose covered population grows when
    /// the plan's options join the serving crossings, most people first (empty under the places
    /// model: places carry no commune). Their gains add up to the plan's.
    public static func newlyCovered(_ plan: PlanResult, data: AnalysisData, sites: [Site]) throws -> [NewlyCoveredCommune] {
        guard data.demandModel != .places, !plan.selected.isEmpty else { return [] }
        let border = Set(data.borderWilayaCodes)
        let open = data.servingSites(sites, plan.request.service).map(\.location)
        let before = try CommuneCoverage.rows(data, open: open, radiusKm: plan.request.radiusKm)
        let after = try CommuneCoverage.rows(data, open: open + plan.selected.map(\.site.location), radiusKm: plan.request.radiusKm)
        return zip(before, after).compactMap { old, new in
            let gain = (new.coveredPopulation ?? 0) - (old.coveredPopulation ?? 0)
            return gain > 0 && border.contains(new.commune.wilaya) ? NewlyCoveredCommune(commune: new.commune, gain: gain) : nil
        }.sorted { ($0.gain, $1.commune.id) > ($1.gain, $0.commune.id) }
    }

    /// `coverageMap` (MapRenderer's coverage map of `coverage`, same data and language) with the
    /// plan drawn on it, under the labels: the communes in orange, each option's R km disc dashed,
    /// the options as stars with their rank, and a small key in the map's lower left corner.
    public func svg(coverageMap: String, plan: PlanResult, newlyCovered: [NewlyCoveredCommune], coverage: CoverageResult,
                    sites: [Site], service: Service) throws -> String {
        let renderer = MapRenderer(data: data, language: language)
        let transformer = try renderer.projection()
        let frame = try renderer.frame(for: .coverage, transformer: transformer)
        let map = MapComposition(data: data, text: MapText(language: language), kind: .coverage, focus: nil, transformer: transformer, frame: frame,
                                 radiusKm: plan.request.radiusKm, coverage: coverage, sites: sites, service: service)
        var layers = "", key = ""
        for element in [try communeLayer(map, newlyCovered), try optionLayer(map, plan)] { element.write(to: &layers) }
        self.key(frame, radiusKm: plan.request.radiusKm).write(to: &key)
        var result = Self.replacingText(map.header.title, with: PlanMapText(language).title(k: plan.request.k, radiusKm: plan.request.radiusKm), in: coverageMap)
        guard let end = result.range(of: "</svg>", options: .backwards) else { throw GeoError.invalidInput("the coverage map is not an SVG document") }
        // The layers under the labels when the map has them; the key beside the map (outside its clipped frame), on top.
        result.insert(contentsOf: layers, at: (result.range(of: "<g id=\"labels\"") ?? end).lowerBound)
        if let close = result.range(of: "</svg>", options: .backwards) { result.insert(contentsOf: key, at: close.lowerBound) }
        return result
    }

    /// `svg` with every text node equal to `old` (its title and heading) replaced by `new`, both XML-escaped as the maps write them.
    static func replacingText(_ old: String, with new: String, in svg: String) -> String {
        func escaped(_ text: String) -> String {
            var out = ""
            SVGElement("t", text: text).write(to: &out)
            return String(out.dropFirst(3).dropLast(4))
        }
        return svg.replacingOccurrences(of: ">" + escaped(old) + "<", with: ">" + escaped(new) + "<")
    }

    /// The newly covered communes, filled orange, each with its gain as a tooltip.
    func communeLayer(_ map: MapComposition, _ communes: [NewlyCoveredCommune]) throws -> SVGElement {
        var group = SVGElement("g", [("id", "plan-communes"), ("fill", PlanMapStyle.communeFill), ("fill-opacity", "0.75"),
                                     ("stroke", PlanMapStyle.communeStroke), ("stroke-width", "0.6"), ("fill-rule", "evenodd")])
        for item in communes {
            let d = try map.frame.pathData(try map.project(item.commune.geometry))
            guard !d.isEmpty else { continue }
            let name = item.commune.name(language)
            group.append(SVGElement("path", [("d", d), ("data-commune", item.commune.id)])
                .titled(PlanMapText(language).communeTooltip(name: name, wilaya: item.commune.wilaya, gain: item.gain, radiusKm: map.radiusKm)))
        }
        return group
    }

    /// Each option's R km disc (dashed), then its star and rank.
    func optionLayer(_ map: MapComposition, _ plan: PlanResult) throws -> SVGElement {
        var group = SVGElement("g", [("id", "plan-options")])
        let r = MapStyle.symbolRadius * 1.4
        for pick in plan.selected {
            let disc = try map.frame.pathData(try map.project(try data.disc(center: pick.site.location, radiusKm: plan.request.radiusKm)))
            let point = try map.pixel(pick.site.location)
            let star = MapStyle.symbolElement(.star, x: point.x, y: point.y, r: r, colour: PlanMapStyle.optionColour)
            let rank = textElement(String(pick.rank), x: point.x + r + 2, y: point.y - r, style: TextStyle(size: 13, fill: "#111111", weight: "bold", halo: true))
            group.append(SVGElement("g", [("class", "plan-option"), ("data-id", pick.site.id), ("data-rank", String(pick.rank))], children: [
                .element(SVGElement("path", [("d", disc), ("fill", "none"), ("stroke", PlanMapStyle.optionColour), ("stroke-width", "1.5"),
                                             ("stroke-dasharray", "6 4")])),
                .element(star), .element(rank),
            ]).titled(PlanMapText(language).optionTooltip(pick, objective: plan.request.objective)))
        }
        return group
    }

    /// The plan's key, in the lower left corner of the map frame.
    func key(_ frame: MapFrame, radiusKm: Double) -> SVGElement {
        let x = frame.right + MapRenderer.gutter, y = frame.bottom - 66, style = TextStyle(size: 11)
        let items = PlanMapText(language).keyLabels(radiusKm: radiusKm)
        return SVGElement("g", [("id", "plan-key")], children: [
            .element(SVGElement("rect", [("x", svgNumber(x)), ("y", svgNumber(y)), ("width", "250"), ("height", "66"), ("fill", "#ffffff"),
                                         ("fill-opacity", "0.9"), ("stroke", "#999999")])),
            .element(MapStyle.symbolElement(.star, x: x + 14, y: y + 14, r: 7, colour: PlanMapStyle.optionColour)),
            .element(textElement(items.option, x: x + 28, y: y + 18, style: style)),
            .element(SVGElement("rect", [("x", svgNumber(x + 7)), ("y", svgNumber(y + 27)), ("width", "14"), ("height", "11"),
                                         ("fill", PlanMapStyle.communeFill), ("stroke", PlanMapStyle.communeStroke)])),
            .element(textElement(items.commune, x: x + 28, y: y + 37, style: style)),
            .element(SVGElement("path", [("d", "M\(svgNumber(x + 6)) \(svgNumber(y + 53))h16"), ("stroke", PlanMapStyle.optionColour),
                                         ("stroke-width", "1.5"), ("stroke-dasharray", "6 4")])),
            .element(textElement(items.disc, x: x + 28, y: y + 57, style: style)),
        ])
    }
}

/// The plan map's colours (apart from MapStyle, which the maps' owner keeps).
enum PlanMapStyle {
    static let communeFill = "#fd8d3c"
    static let communeStroke = "#a63603"
    static let optionColour = "#7a0177"
}

/// The plan map's words, from the catalogue (`planmap.json`).
struct PlanMapText {
    let l: Localizer

    init(_ language: Language) { l = Localizer(language) }

    func communeTooltip(name: String, wilaya: String, gain: Int, radiusKm: Double) -> String {
        l.text("planmap.communeTooltip", ["name": name, "wilaya": wilaya, "gain": l.integer(gain), "radius": l.kmUpTo(radiusKm, decimals: 1)])
    }

    func optionTooltip(_ pick: PlanResult.Pick, objective: PlanRequest.Objective) -> String {
        l.text("planmap.optionTooltip", ["rank": String(pick.rank), "name": pick.site.name, "kind": PlanReport.optionName(pick.kind, l),
                                         "gain": l.number(pick.marginal, decimals: 0), "unit": l.objectiveUnit(objective)])
    }

    func title(k: Int, radiusKm: Double) -> String {
        l.text("planmap.title", ["k": String(k), "radius": l.kmUpTo(radiusKm, decimals: 1)])
    }

    func caption(_ plan: PlanResult, communes: Int, people: Int, demandModel: DemandModel) -> String {
        l.text("planmap.caption", ["k": String(plan.request.k), "options": plan.selected.map { "\($0.rank). \($0.site.id)" }.joined(separator: l.comma),
                                   "radius": l.kmUpTo(plan.request.radiusKm, decimals: 1), "service": l.name(plan.request.service),
                                   "communes": l.integer(communes), "people": l.integer(people), "demand": l.demandSummary(demandModel)])
    }

    var communeHeaders: (code: String, commune: String, wilaya: String, gain: String) {
        (l.text("planmap.header.code"), l.text("planmap.header.commune"), l.text("planmap.header.wilaya"), l.text("planmap.header.gain"))
    }

    func keyLabels(radiusKm: Double) -> (option: String, commune: String, disc: String) {
        (l.text("planmap.key.option"), l.text("planmap.key.commune"), l.text("planmap.key.disc", ["radius": l.kmUpTo(radiusKm, decimals: 1)]))
    }
}
