import Foundation
import Geo

/// The map's features, bottom to top: neighbours, wilayas, discs, borders, gaps, crossings;
/// then their labels. Every feature carries a `<title>` tooltip.
extension MapComposition {
    func neighbourLayer() throws -> SVGElement {
        var group = SVGElement("g", [("id", "neighbours"), ("fill", MapStyle.neighbourFill), ("stroke", MapStyle.neighbourStroke),
                                     ("stroke-width", "0.8"), ("stroke-linejoin", "round")])
        for neighbour in try data.geodata.neighbours() {
            let projected = try project(neighbour.geometry)
            let d = try frame.pathData(projected)
            guard !d.isEmpty else { continue }
            group.append(SVGElement("path", [("d", d)]).titled(neighbour.name(text.language)))
        }
        return group
    }

    /// Natural Earth's neighbours and OpenStreetMap's Algeria do not meet exactly: a grey strip
    /// along the land borders (under the wilayas, off the coast) hides the slivers between them.
    func seamLayer() throws -> SVGElement {
        let context = data.context
        let width = max(10_000, 4 * frame.metresPerPixel)
        let borders = try data.geodata.borders()
        let land = try borders.filter { !$0.isCoast }.map { try project($0.geometry) }.filter { !$0.isEmpty }
        // A wide stroke along the land borders (cheaper than buffering them), stopped short of
        // the sea: the stretch within 1.5 strip widths of a coast line's end is left out.
        var seam = SVGElement("path", [("id", "seams"), ("fill", "none"), ("stroke", MapStyle.neighbourFill),
                                       ("stroke-width", formatNumber(2 * width / frame.metresPerPixel, decimals: 1)),
                                       ("stroke-linecap", "butt"), ("stroke-linejoin", "round")])
        guard !land.isEmpty else { return seam }
        var lines = try Geometry.collection(.geometryCollection, land, in: context)
        let coastEnds = try borders.filter(\.isCoast).flatMap { try project($0.geometry).parts }
            .filter { $0.type == .lineString && !$0.isEmpty }
            .flatMap { line -> [Geometry] in
                let points = try line.coordinates
                guard let first = points.first, let last = points.last, first != last else { return [] }
                return [try Geometry.point(first, in: context), try Geometry.point(last, in: context)]
            }
        if !coastEnds.isEmpty {
            let shore = try Geometry.collection(.multiPoint, coastEnds, in: context).buffer(width * 1.5, quadrantSegments: 4)
            lines = try lines.difference(shore)
        }
        seam.attributes.append((name: "d", value: try frame.pathData(lines)))
        return seam
    }

    func wilayaLayer() throws -> SVGElement {
        var group = SVGElement("g", [("id", "wilayas"), ("stroke", MapStyle.wilayaStroke), ("stroke-width", "0.5"),
                                     ("stroke-linejoin", "round"), ("fill-rule", "evenodd")])
        let borderWilayas = Set(data.borderWilayaCodes)
        let landBorders = try data.geodata.landBorders()
        for wilaya in data.wilayas {
            let projected = try project(wilaya.geometry)
            let d = try frame.pathData(projected)
            guard !d.isEmpty else { continue }
            let borders = landBorders.compactMap { border -> (name: String, km: Double)? in
                guard let part = border.wilayas.first(where: { $0.code == wilaya.code }), part.lengthKm >= 0.05 else { return nil }
                return (border.name(text.language), part.lengthKm)
            }
            let tooltip = text.wilayaTooltip(code: wilaya.code, name: wilaya.name(text.language), areaKm2: wilaya.areaKm2, borders: borders,
                                             coverage: coverage?.wilayas.first { $0.code == wilaya.code })
            let fill = borderWilayas.contains(wilaya.code) ? MapStyle.borderWilayaFill : MapStyle.wilayaFill
            group.append(SVGElement("path", [("d", d), ("fill", fill)]).titled(tooltip))
        }
        return group
    }

    /// The geodesic discs of the open crossings: their union (GEOS, in the map's projection)
    /// filled once with one outline, so overlaps are not darker; over it each disc's own rim,
    /// thin and faint, carrying the crossing's tooltip.
    func discLayer() throws -> SVGElement {
        var group = SVGElement("g", [("id", "discs")])
        guard let coverage else { return group }
        let projected = try coverage.discs.map(project).filter { !$0.isEmpty }
        if !projected.isEmpty {
            let union = try Geometry.collection(.geometryCollection, projected, in: data.context).unaryUnion()
            let r = text.radius(radiusKm)
            group.append(SVGElement("path", [("class", "disc-union"), ("d", try frame.pathData(union)), ("fill", MapStyle.discColour),
                                             ("fill-opacity", MapStyle.discFillOpacity), ("fill-rule", "evenodd"), ("stroke", MapStyle.discColour),
                                             ("stroke-opacity", "0.8"), ("stroke-width", "1.4")])
                .titled(text.discUnionTooltip(count: projected.count, radius: r)))
        }
        let names = Dictionary(sites.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        for (id, disc) in zip(coverage.open, coverage.discs) {
            let d = try frame.pathData(try project(disc))
            guard !d.isEmpty else { continue }
            group.append(SVGElement("path", [("class", "disc"), ("d", d), ("fill", "none"), ("pointer-events", "fill"), ("stroke", MapStyle.discColour),
                                             ("stroke-opacity", "0.35"), ("stroke-width", "0.6")])
                .titled(text.discTooltip(name: names[id] ?? id, radiusKm: radiusKm)))
        }
        return group
    }

    /// The coast in blue, then the seven land borders, one colour each.
    mutating func borderLayer() throws -> SVGElement {
        var group = SVGElement("g", [("id", "borders"), ("fill", "none"), ("stroke-linejoin", "round"), ("stroke-linecap", "round")])
        let borders = try data.geodata.borders()
        for border in borders where border.isCoast {
            let d = try frame.pathData(try project(border.geometry))
            guard !d.isEmpty else { continue }
            coastDrawn = true
            group.append(SVGElement("path", [("d", d), ("stroke", MapStyle.coastColour), ("stroke-width", svgNumber(MapStyle.coastWidth))])
                .titled(text.coastTooltip(lengthKm: border.lengthKm)))
        }
        for border in borders {
            guard let country = border.country else { continue }
            let d = try frame.pathData(try project(border.geometry))
            guard !d.isEmpty else { continue }
            drawnBorders.append(country)
            let wilayas = border.wilayas.filter { $0.lengthKm >= 0.05 }.compactMap { part in
                data.wilaya(part.code).map { "\($0.code) \($0.name(text.language))" }
            }
            group.append(SVGElement("path", [("d", d), ("stroke", MapStyle.borderColour(country)), ("stroke-width", svgNumber(MapStyle.borderWidth)),
                                             ("data-border", country.rawValue)])
                .titled(text.borderTooltip(name: border.name(text.language), lengthKm: border.lengthKm, wilayas: wilayas)))
        }
        return group
    }

    func borderName(_ country: Partner) throws -> String {
        try data.geodata.landBorders().first { $0.country == country }?.name(text.language) ?? country.rawValue
    }

    /// The uncovered stretches: red dashes, each edged in white so they stand out on any border colour.
    func gapLayer() throws -> SVGElement {
        var group = SVGElement("g", [("id", "gaps"), ("fill", "none"), ("stroke-dasharray", MapStyle.gapDash), ("stroke-linecap", "butt")])
        for gap in coverage?.gaps ?? [] {
            let d = try frame.pathData(try project(gap.geometry))
            guard !d.isEmpty else { continue }
            let wilayas = gap.wilayas.map { code in data.wilaya(code).map { "\(code) \($0.name(text.language))" } ?? code }
            group.append(SVGElement("g", [("class", "gap"), ("data-border", gap.border.rawValue)], children: [
                .element(SVGElement("path", [("d", d), ("stroke", "#ffffff"), ("stroke-width", svgNumber(MapStyle.gapWidth + 2))])),
                .element(SVGElement("path", [("d", d), ("stroke", MapStyle.gapColour), ("stroke-width", svgNumber(MapStyle.gapWidth))])),
            ]).titled(text.gapTooltip(borderName: try borderName(gap.border), lengthKm: gap.lengthKm, wilayas: wilayas)))
        }
        return group
    }

    /// The crossings in the frame: one symbol and colour per status, stars for scenario sites.
    mutating func crossingLayer() throws -> SVGElement {
        var group = SVGElement("g", [("id", "crossings")])
        let distances = GeodesicDistance(proj: data.proj)
        let landBorders = try data.geodata.landBorders()
        let r = MapStyle.symbolRadius
        // Scenario sites on top of the real crossings.
        for site in sites.filter({ !$0.hypothetical }) + sites.filter(\.hypothetical) {
            let point = try pixel(site.location)
            guard frame.contains(pixel: point) else { continue }
            var nearest: (country: Partner, km: Double)?
            if let crossing = data.knowledge.crossing(id: site.id), crossing.location == site.location {
                // The linker has measured it already (and keeps it for the other maps).
                let links = try data.linker.links(for: crossing)
                if let country = links.border, let km = links.kmToBorder { nearest = (country, km) }
            } else {
                for border in landBorders {
                    guard let country = border.country else { continue }
                    let km = try distances.distance(from: site.location, to: border.geometry) / 1_000
                    if km < (nearest?.km ?? .infinity) { nearest = (country, km) }
                }
            }
            let tooltip = text.crossingTooltip(name: site.name, status: site.status, traffic: site.traffic, regime: site.regime, hypothetical: site.hypothetical,
                                               kmToBorder: nearest?.km, borderName: try nearest.map { try borderName($0.country) })
            let kind = site.hypothetical ? CrossingKind.road : data.knowledge.crossing(id: site.id)?.kind ?? .road
            let style = MapStyle.symbol(for: site, kind: kind)
            let x = (point.x * 10).rounded() / 10, y = (point.y * 10).rounded() / 10
            group.append(SVGElement("g", [("class", "crossing"), ("data-id", site.id), ("data-status", site.status.rawValue), ("data-kind", kind.rawValue)],
                                    children: [.element(MapStyle.symbolElement(style.symbol, x: x, y: y, r: r, colour: style.colour))])
                .titled(tooltip))
            placer.reserve(PageBox(centerX: x, centerY: y, width: 2 * Self.crossingHalfSize, height: 2 * Self.crossingHalfSize))
            drawnSites.append((site, x, y))
        }
        return group
    }
}
