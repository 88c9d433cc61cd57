import Foundation
import Geo

/// The map's labels: crossing names, gap lengths, wilaya names at their main towns and the
/// neighbours' names, placed by `LabelPlacer` around their symbols, drawn above every feature.
extension MapComposition {
    /// Half the side of the box a crossing symbol keeps free of labels, px (the star and the
    /// track reach 1.5 radii).
    static var crossingHalfSize: Double { MapStyle.symbolRadius * 1.5 }
    static var seatHalfSize: Double { MapStyle.seatRadius + 1 }

    /// The main town of each labelled wilaya as a small dot (the wilaya's label sits beside it);
    /// reserves the dots and records them for `placeLabels`.
    mutating func seatLayer() throws -> SVGElement {
        var group = SVGElement("g", [("id", "seats"), ("fill", MapStyle.seatColour), ("stroke", "#ffffff"), ("stroke-width", "0.8")])
        let labelled = focus.map { border in border.wilayas.filter { $0.lengthKm >= 1 }.map(\.code) } ?? data.borderWilayaCodes
        for code in labelled.sorted() {
            guard let wilaya = data.wilaya(code), let town = try data.mainTown(of: code) else { continue }
            let point = try pixel(town.location)
            guard frame.contains(pixel: point) else { continue }
            let x = (point.x * 10).rounded() / 10, y = (point.y * 10).rounded() / 10
            seats.append((code: code, x: x, y: y))
            placer.reserve(PageBox(centerX: x, centerY: y, width: 2 * Self.seatHalfSize, height: 2 * Self.seatHalfSize))
            group.append(SVGElement("circle", [("cx", svgNumber(x)), ("cy", svgNumber(y)), ("r", svgNumber(MapStyle.seatRadius))])
                .titled(text.seatTooltip(town: town.isPlace ? town.name : nil, wilaya: "\(code) \(wilaya.name(text.language))")))
        }
        return group
    }

    /// Keeps labels off the land-border lines where they can (the lines as drawn, in page px).
    mutating func reserveBorderLines() throws {
        for border in try data.geodata.landBorders() {
            for part in try project(border.geometry).parts where part.type == .lineString && !part.isEmpty {
                placer.reserveLine(try part.coordinates.map { let p = frame.pixel($0); return (p.x, p.y) })
            }
        }
    }

    /// Every label request of the map, in no particular order (priority decides).
    func labelRequests() throws -> [LabelRequest] {
        var requests: [LabelRequest] = []
        let crossingStyle = TextStyle(size: MapStyle.labelSize, fill: "#111111", halo: true)
        for drawn in drawnSites {
            let priority: LabelPriority = drawn.site.status == .open || drawn.site.hypothetical ? .openCrossing : .otherCrossing
            requests.append(LabelRequest(texts: [text.shortName(drawn.site.name)], x: drawn.x, y: drawn.y,
                                         anchor: .symbol(halfSize: Self.crossingHalfSize, leaders: true), priority: priority,
                                         style: crossingStyle, className: "crossing-label"))
        }
        if kind != .overview {
            let gapStyle = TextStyle(size: MapStyle.labelSize, fill: MapStyle.gapColour, weight: "bold", halo: true)
            for gap in coverage?.gaps ?? [] {
                guard let anchor = try midpoint(of: gap.geometry) else { continue }
                requests.append(LabelRequest(texts: [text.km(gap.lengthKm)], x: anchor.x, y: anchor.y, anchor: .symbol(halfSize: 3, leaders: false),
                                             priority: .gap, style: gapStyle, className: "gap-label"))
            }
        }
        let wilayaStyle = TextStyle(size: MapStyle.labelSize, fill: "#3a3a3a", halo: true)
        for seat in seats {
            guard let wilaya = data.wilaya(seat.code) else { continue }
            requests.append(LabelRequest(texts: ["\(seat.code) \(wilaya.name(text.language))", seat.code], x: seat.x, y: seat.y,
                                         anchor: .symbol(halfSize: Self.seatHalfSize, leaders: false), priority: .wilaya,
                                         style: wilayaStyle, className: "wilaya-label"))
        }
        let neighbourStyle = TextStyle(size: MapStyle.neighbourLabelSize, fill: MapStyle.neighbourLabel, weight: "bold", halo: true)
        for neighbour in try data.geodata.neighbours() {
            guard let (anchor, visible) = try interiorPoint(of: neighbour.geometry) else { continue }
            let area = try PreparedGeometry(visible), frame = self.frame
            let within = { (box: PageBox) throws -> Bool in
                let corners = [frame.projected(x: box.minX, y: box.maxY), frame.projected(x: box.maxX, y: box.minY)]
                let rectangle = Envelope(minX: corners[0].x, minY: corners[0].y, maxX: corners[1].x, maxY: corners[1].y)
                return try area.contains(try Geometry.rectangle(rectangle, in: visible.context))
            }
            requests.append(LabelRequest(texts: [neighbour.name(text.language)], x: anchor.x, y: anchor.y, anchor: .area(reach: 150, within: within),
                                         priority: .neighbour, style: neighbourStyle, className: "neighbour-label"))
        }
        return requests
    }

    /// Places the labels (most important first) and turns them into text and leader lines.
    mutating func placeLabels() throws {
        try reserveBorderLines()
        for placed in try placer.place(try labelRequests()) {
            if placed.leader {
                leaders.append(leaderLine(from: (placed.request.x, placed.request.y), r: MapStyle.symbolRadius, to: placed.box))
            }
            labels.append(textElement(placed.text, x: placed.textX, y: placed.baseline, align: placed.align,
                                      style: placed.request.style, extra: [("class", placed.request.className)]))
        }
    }

    /// A page point inside the visible part of a longitude/latitude polygon, and that part (projected).
    func interiorPoint(of geometry: Geometry) throws -> (point: Coordinate, visible: Geometry)? {
        let projected = try project(geometry)
        let visible = try projected.intersection(try Geometry.rectangle(frame.extent, in: projected.context))
        guard !visible.isEmpty, let point = try visible.pointOnSurface().coordinates.first else { return nil }
        return (frame.pixel(point), visible)
    }

    /// The page point halfway along the longest visible part of a longitude/latitude line.
    func midpoint(of geometry: Geometry) throws -> Coordinate? {
        let visible = try transformer.transform(try geometry.simplifiedForDisplay(tolerance: tolerance / 111_320)).clipped(to: frame.extent)
        var best: (length: Double, points: [Coordinate])?
        for part in try visible.parts where part.type == .lineString && !part.isEmpty {
            let points = try part.coordinates.map(frame.pixel)
            let length = zip(points, points.dropFirst()).reduce(0) { $0 + hypot($1.1.x - $1.0.x, $1.1.y - $1.0.y) }
            if length > (best?.length ?? 0) { best = (length, points) }
        }
        guard let best, best.length > 0 else { return nil }
        var remaining = best.length / 2
        for (a, b) in zip(best.points, best.points.dropFirst()) {
            let step = hypot(b.x - a.x, b.y - a.y)
            if step >= remaining, step > 0 {
                let t = remaining / step
                return Coordinate(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t)
            }
            remaining -= step
        }
        return best.points.last
    }

    /// A thin line from a symbol's edge to the nearest point of its label's box.
    func leaderLine(from point: (x: Double, y: Double), r: Double, to box: PageBox) -> SVGElement {
        let tx = min(max(point.x, box.minX), box.maxX), ty = min(max(point.y, box.minY), box.maxY)
        let length = hypot(tx - point.x, ty - point.y)
        let start = length > 0 ? (point.x + (tx - point.x) / length * r, point.y + (ty - point.y) / length * r) : (point.x, point.y)
        return SVGElement("line", [("x1", svgNumber(start.0)), ("y1", svgNumber(start.1)), ("x2", svgNumber(tx)), ("y2", svgNumber(ty))])
    }
}
