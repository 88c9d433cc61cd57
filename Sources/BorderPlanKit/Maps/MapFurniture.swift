import Foundation
import Geo

/// Map furniture: title, legend, scale bar, north arrow, graticule and attribution.
extension MapComposition {
    // MARK: Scale bar and north arrow

    /// Draws the scale bar and the north arrow and reserves their place against labels.
    mutating func reserveFurniture(northArrow withArrow: Bool) throws -> [SVGElement] {
        // Bottom left, unless it would hide a crossing there and bottom right would not.
        let points = try sites.map { try pixel($0.location) }
        func hides(_ box: PageBox) -> Bool { points.contains { box.intersects(PageBox(centerX: $0.x, centerY: $0.y, width: 12, height: 12)) } }
        var bar = try scaleBar()
        if hides(bar.box) {
            let right = try scaleBar(atRight: true)
            if !hides(right.box) { bar = right }
        }
        placer.reserve(bar.box)
        guard withArrow else { return [bar.element] }
        let arrow = try northArrow()
        placer.reserve(arrow.box)
        return [bar.element, arrow.element]
    }

    /// Geodesic distance, metres, between the points under two page positions on one row.
    func groundDistance(fromX x0: Double, toX x1: Double, y: Double) throws -> Double {
        Geodesic.wgs84.distance(try location(x: x0, y: y), try location(x: x1, y: y))
    }

    /// The largest of 1, 2, 2.5, 5 × 10ⁿ not above `value`.
    static func roundLength(_ value: Double) -> Double {
        let power = pow(10, floor(log10(value)))
        return [5, 2.5, 2, 1].map { $0 * power }.first { $0 <= value } ?? power
    }

    /// A bar of a round number of km at the bottom left (or right) of the frame. The ends are placed by
    /// measuring: the page positions are inverse-projected and their geodesic distance is
    /// made equal to the label (the conformal projection's scale varies across the map).
    func scaleBar(atRight: Bool = false) throws -> (element: SVGElement, box: PageBox) {
        let y = frame.bottom - 22
        let metresPerPixel = try groundDistance(fromX: frame.left + 26, toX: frame.left + 126, y: y) / 100
        let km = Self.roundLength(min(220, frame.width * 0.22) * metresPerPixel / 1_000)
        var length = km * 1_000 / metresPerPixel
        let label = text.km(km, decimals: km.rounded() == km ? 0 : 1)
        let labelWidth = LabelPlacer.size(of: label, style: TextStyle(size: MapStyle.minimumTextSize, weight: "bold")).width
        // The label is centred on the bar's end: the box reaches half of it beyond.
        let x0 = atRight ? frame.right - 16 - labelWidth / 2 - length : frame.left + 26
        for _ in 0..<3 { length *= km * 1_000 / (try groundDistance(fromX: x0, toX: x0 + length, y: y)) }
        let x1 = x0 + length
        let box = PageBox(minX: x0 - 14, minY: y - 27, maxX: x1 + labelWidth / 2 + 8, maxY: y + 12)
        var group = SVGElement("g", [("id", "scale-bar"), ("data-km", svgNumber(km, decimals: 3))])
        group.append(SVGElement("rect", [("x", svgNumber(box.minX)), ("y", svgNumber(box.minY)), ("width", svgNumber(box.maxX - box.minX)),
                                         ("height", svgNumber(box.maxY - box.minY)), ("rx", "4"), ("fill", "#ffffff"), ("fill-opacity", "0.85"),
                                         ("stroke", "#999999"), ("stroke-width", "0.6")]))
        for index in 0..<4 {
            let a = x0 + length * Double(index) / 4, b = x0 + length * Double(index + 1) / 4
            group.append(SVGElement("rect", [("x", svgNumber(a)), ("y", svgNumber(y - 3)), ("width", svgNumber(b - a)), ("height", "6"),
                                             ("fill", index % 2 == 0 ? "#222222" : "#ffffff"), ("stroke", "#222222"), ("stroke-width", "0.8")]))
        }
        group.append(SVGElement("line", [("id", "scale-bar-line"), ("x1", svgNumber(x0)), ("y1", svgNumber(y)), ("x2", svgNumber(x1)), ("y2", svgNumber(y)),
                                         ("stroke", "#222222"), ("stroke-width", "0.5")]))
        group.append(textElement("0", x: x0, y: y - 8, align: .middle, style: TextStyle(size: MapStyle.minimumTextSize)))
        group.append(textElement(label, x: x1, y: y - 8, align: .middle, style: TextStyle(size: MapStyle.minimumTextSize, weight: "bold"),
                                 extra: [("id", "scale-bar-label")]))
        return (group, box)
    }

    /// Clockwise angle, degrees, from the page's up to true north at the frame's centre
    /// (the conic's meridians converge: north leans away from lon 3° E).
    func northAngle() throws -> Double {
        let centre = try location(x: (frame.left + frame.right) / 2, y: (frame.top + frame.bottom) / 2)
        let here = try pixel(centre)
        let north = try pixel(Coordinate(lon: centre.lon, lat: centre.lat + 0.5))
        return atan2(north.x - here.x, here.y - north.y) * 180 / .pi
    }

    func northArrow() throws -> (element: SVGElement, box: PageBox) {
        let cx = frame.right - 34, cy = frame.top + 36
        let angle = try northAngle()
        let box = PageBox(centerX: cx, centerY: cy, width: 56, height: 56)
        var group = SVGElement("g", [("id", "north-arrow"), ("data-angle", svgNumber(angle, decimals: 2))])
        group.append(SVGElement("circle", [("cx", svgNumber(cx)), ("cy", svgNumber(cy)), ("r", "26"), ("fill", "#ffffff"), ("fill-opacity", "0.85"),
                                           ("stroke", "#999999"), ("stroke-width", "0.6")]))
        var rotated = SVGElement("g", [("transform", "translate(\(svgNumber(cx)) \(svgNumber(cy))) rotate(\(svgNumber(angle, decimals: 2)))")])
        rotated.append(SVGElement("polygon", [("points", "0,-7 7,18 0,12 -7,18"), ("fill", "#222222")]))
        rotated.append(textElement(text.north, x: 0, y: -10, align: .middle, style: TextStyle(size: 13, weight: "bold")))
        group.append(rotated)
        return (group.titled(text.trueNorth), box)
    }

    // MARK: Graticule

    /// The longitude/latitude box the frame shows (sampled along its edges).
    func visibleDegrees() throws -> (minLon: Double, maxLon: Double, minLat: Double, maxLat: Double) {
        var points: [Coordinate] = []
        for step in 0...16 {
            let t = Double(step) / 16
            let x = frame.left + frame.width * t, y = frame.top + frame.height * t
            points += [try location(x: x, y: frame.top), try location(x: x, y: frame.bottom),
                       try location(x: frame.left, y: y), try location(x: frame.right, y: y)]
        }
        return (points.map(\.lon).min()!, points.map(\.lon).max()!, points.map(\.lat).min()!, points.map(\.lat).max()!)
    }

    /// Graticule step: 5°, or 1° when fewer than two 5° lines would cross a small map.
    func graticuleStep() throws -> Int {
        let box = try visibleDegrees()
        func lines(_ low: Double, _ high: Double, _ step: Double) -> Int { Int(floor(high / step) - ceil(low / step)) + 1 }
        return lines(box.minLon, box.maxLon, 5) >= 2 && lines(box.minLat, box.maxLat, 5) >= 2 ? 5 : 1
    }

    /// Meridians and parallels projected through PROJ (0.1° samples), labelled where they
    /// leave the frame: meridians at the bottom, parallels on the left.
    func graticuleLayer() throws -> (lines: SVGElement, labels: SVGElement) {
        let box = try visibleDegrees()
        let step = try graticuleStep()
        var d = ""
        var labels = SVGElement("g", [("id", "graticule-labels")])
        let labelStyle = TextStyle(size: MapStyle.minimumTextSize, fill: "#4a5a6a")
        func samples(_ low: Double, _ high: Double) -> [Double] {
            let start = (low - 1) * 10, end = (high + 1) * 10
            return stride(from: start.rounded(.down), through: end.rounded(.up), by: 1).map { $0 / 10 }
        }
        for lon in stride(from: Int(ceil(box.minLon / Double(step))) * step, through: Int(floor(box.maxLon / Double(step))) * step, by: step) {
            let projected = try transformer.transform(samples(box.minLat, box.maxLat).map { Coordinate(lon: Double(lon), lat: $0) })
            frame.appendRun(projected, closed: false, to: &d)
            if let x = crossing(projected.map(frame.pixel), atY: frame.bottom, within: frame.left...frame.right) {
                labels.append(textElement(text.longitude(lon), x: x, y: frame.bottom + 17, align: .middle, style: labelStyle))
            }
        }
        for lat in stride(from: Int(ceil(box.minLat / Double(step))) * step, through: Int(floor(box.maxLat / Double(step))) * step, by: step) {
            let projected = try transformer.transform(samples(box.minLon, box.maxLon).map { Coordinate(lon: $0, lat: Double(lat)) })
            frame.appendRun(projected, closed: false, to: &d)
            // Swapped axes: where the line crosses the column x = left.
            if let y = crossing(projected.map(frame.pixel).map { Coordinate(x: $0.y, y: $0.x) }, atY: frame.left, within: frame.top...frame.bottom) {
                labels.append(textElement(text.latitude(lat), x: frame.left - 5, y: y + 4, align: .right, style: labelStyle))
            }
        }
        let lines = SVGElement("path", [("id", "graticule"), ("d", d), ("fill", "none"), ("stroke", MapStyle.graticule),
                                        ("stroke-width", "0.6"), ("stroke-opacity", "0.7")])
            .titled(text.graticule(step))
        return (lines, labels)
    }

    /// Where a page polyline first crosses the row `y` with x in `range`, if it does.
    func crossing(_ points: [Coordinate], atY y: Double, within range: ClosedRange<Double>) -> Double? {
        for (a, b) in zip(points, points.dropFirst()) where (a.y - y) * (b.y - y) <= 0 && a.y != b.y {
            let x = a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y)
            if range.contains(x) { return x }
        }
        return nil
    }
}
