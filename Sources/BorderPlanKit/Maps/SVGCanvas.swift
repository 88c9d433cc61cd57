import Foundation
import Geo

/// One node of an SVG document: an element or a run of text.
enum SVGNode {
    case element(SVGElement)
    case text(String)
}

/// An SVG element. Names come from the map code (checked in debug builds); every attribute
/// value and every text is escaped when the tree is serialised, so no input can break the XML.
struct SVGElement {
    var name: String
    var attributes: [(name: String, value: String)]
    var children: [SVGNode]

    init(_ name: String, _ attributes: [(String, String)] = [], children: [SVGNode] = []) {
        assert(XMLEscaping.isName(name), "bad element name \(name)")
        assert(attributes.allSatisfy { XMLEscaping.isName($0.0) }, "bad attribute name in \(attributes)")
        self.name = name
        self.attributes = attributes.map { (name: $0.0, value: $0.1) }
        self.children = children
    }

    /// An element holding only text (`<title>`, `<text>`).
    init(_ name: String, _ attributes: [(String, String)] = [], text: String) {
        self.init(name, attributes, children: [.text(text)])
    }

    mutating func append(_ element: SVGElement) { children.append(.element(element)) }
    mutating func append(contentsOf elements: [SVGElement]) { children += elements.map(SVGNode.element) }

    /// A `<title>` tooltip as first child.
    func titled(_ title: String?) -> SVGElement {
        guard let title, !title.isEmpty else { return self }
        var copy = self
        copy.children.insert(.element(SVGElement("title", text: title)), at: 0)
        return copy
    }

    /// Serialises the element: one element per line when it holds only elements,
    /// text runs kept inline (whitespace inside `<text>` would show).
    func write(to out: inout String) {
        out += "<" + name
        for attribute in attributes {
            out += " " + attribute.name + "=\"" + XMLEscaping.escape(attribute.value) + "\""
        }
        guard !children.isEmpty else { out += "/>"; return }
        out += ">"
        let block = children.allSatisfy { if case .element = $0 { return true } else { return false } }
        for child in children {
            switch child {
            case let .element(element):
                if block { out += "\n" }
                element.write(to: &out)
            case let .text(text):
                out += XMLEscaping.escape(text)
            }
        }
        if block { out += "\n" }
        out += "</" + name + ">"
    }

    /// A complete standalone document with its XML declaration.
    func document() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        write(to: &out)
        out += "\n"
        return out
    }
}

/// Fixed-decimal numbers for SVG attributes (never exponents, never "-0").
func svgNumber(_ value: Double, decimals: Int = 1) -> String {
    formatNumber(value, decimals: decimals)
}

/// How a text's x position relates to its visual extent.
enum TextAlign {
    /// x is the left edge of the text on the page.
    case left
    case middle
    /// x is the right edge of the text on the page.
    case right
}

/// Whether `text` contains right-to-left script (Arabic, Hebrew, Syriac, Thaana, N'Ko and
/// the Arabic presentation forms), so it must be set with `direction="rtl"`.
func isRightToLeft(_ text: String) -> Bool {
    text.unicodeScalars.contains { scalar in
        switch scalar.value {
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF: return true
        default: return false
        }
    }
}

/// Text styling for `textElement`.
struct TextStyle {
    var size: Double
    var fill = "#222222"
    var weight: String?
    var italic = false
    /// A white outline under the glyphs so labels stay readable over lines and fills.
    var halo = false
}

/// A `<text>` element at (x, y) (baseline). Right-to-left text gets `direction="rtl"`,
/// `unicode-bidi="embed"` and `xml:lang="ar"`, and its `text-anchor` is mirrored so that
/// `align` keeps its visual meaning.
func textElement(_ text: String, x: Double, y: Double, align: TextAlign = .left, style: TextStyle,
                 extra: [(String, String)] = []) -> SVGElement {
    let rtl = isRightToLeft(text)
    var attributes: [(String, String)] = [("x", svgNumber(x)), ("y", svgNumber(y))]
    switch (align, rtl) {
    case (.middle, _): attributes.append(("text-anchor", "middle"))
    case (.left, false), (.right, true): break // "start" is the default
    case (.right, false), (.left, true): attributes.append(("text-anchor", "end"))
    }
    attributes.append(("font-size", svgNumber(style.size)))
    if let weight = style.weight { attributes.append(("font-weight", weight)) }
    if style.italic { attributes.append(("font-style", "italic")) }
    attributes.append(("fill", style.fill))
    if style.halo {
        attributes += [("stroke", "#ffffff"), ("stroke-width", "3"), ("stroke-linejoin", "round"), ("stroke-opacity", "0.85"), ("paint-order", "stroke")]
    }
    if rtl { attributes += [("direction", "rtl"), ("unicode-bidi", "embed"), ("xml:lang", "ar")] }
    return SVGElement("text", attributes + extra, text: text)
}

/// The part of the page that shows the map: a rectangle of projected metres (`extent`)
/// drawn into a rectangle of pixels, north up in the projection's grid.
struct MapFrame: Equatable {
    /// Projected extent shown, metres.
    var extent: Envelope
    /// Top-left corner of the frame on the page, px.
    var left: Double
    var top: Double
    /// Pixels per projected metre.
    var scale: Double

    var width: Double { extent.width * scale }
    var height: Double { extent.height * scale }
    var right: Double { left + width }
    var bottom: Double { top + height }
    var metresPerPixel: Double { 1 / scale }

    /// The frame that shows `extent` in at most `maxWidth` × `maxHeight` px at (left, top),
    /// the extent first widened or heightened to an aspect ratio within `aspect`.
    static func fitting(_ extent: Envelope, maxWidth: Double, maxHeight: Double, aspect: ClosedRange<Double>,
                        left: Double, top: Double) -> MapFrame {
        var box = extent
        let ratio = box.width / box.height
        if ratio < aspect.lowerBound {
            let grow = (box.height * aspect.lowerBound - box.width) / 2
            box = Envelope(minX: box.minX - grow, minY: box.minY, maxX: box.maxX + grow, maxY: box.maxY)
        } else if ratio > aspect.upperBound {
            let grow = (box.width / aspect.upperBound - box.height) / 2
            box = Envelope(minX: box.minX, minY: box.minY - grow, maxX: box.maxX, maxY: box.maxY + grow)
        }
        // Whole pixels: the frame's size on the page is a round number.
        let scale = min(maxWidth / box.width, maxHeight / box.height)
        let width = (box.width * scale).rounded(), height = (box.height * scale).rounded()
        let centre = Coordinate(x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2)
        let half = (width: width / scale / 2, height: height / scale / 2)
        box = Envelope(minX: centre.x - half.width, minY: centre.y - half.height, maxX: centre.x + half.width, maxY: centre.y + half.height)
        return MapFrame(extent: box, left: left, top: top, scale: scale)
    }

    /// Page position of a projected point.
    func pixel(_ point: Coordinate) -> Coordinate {
        Coordinate(x: left + (point.x - extent.minX) * scale, y: top + (extent.maxY - point.y) * scale)
    }

    /// Projected point at a page position.
    func projected(x: Double, y: Double) -> Coordinate {
        Coordinate(x: extent.minX + (x - left) / scale, y: extent.maxY - (y - top) / scale)
    }

    func contains(pixel point: Coordinate) -> Bool {
        point.x >= left && point.x <= right && point.y >= top && point.y <= bottom
    }

    /// SVG path data of a projected geometry: polygon rings closed with `z`, lines open,
    /// points skipped. Coordinates are rounded to 0.1 px, written relative to the previous
    /// vertex; repeated vertices and rings that collapse at this scale are dropped.
    func pathData(_ geometry: Geometry) throws -> String {
        var out = ""
        try appendPath(geometry, to: &out)
        return out
    }

    private func appendPath(_ geometry: Geometry, to out: inout String) throws {
        guard !geometry.isEmpty else { return }
        switch geometry.type {
        case .point, .multiPoint: return
        case .lineString, .linearRing: appendRun(try geometry.coordinates, closed: false, to: &out)
        case .polygon: for ring in try geometry.rings { appendRun(ring, closed: true, to: &out) }
        case .multiLineString, .multiPolygon, .geometryCollection:
            for part in try geometry.parts { try appendPath(part, to: &out) }
        }
    }

    /// One ring or line, in tenths of a pixel.
    func appendRun(_ coordinates: [Coordinate], closed: Bool, to out: inout String) {
        var points: [(Int, Int)] = []
        points.reserveCapacity(coordinates.count)
        for coordinate in coordinates {
            let pixel = self.pixel(coordinate)
            let point = (Int((pixel.x * 10).rounded()), Int((pixel.y * 10).rounded()))
            if let last = points.last, last == point { continue }
            points.append(point)
        }
        if closed, points.count > 1, points.first! == points.last! { points.removeLast() }
        guard points.count >= (closed ? 3 : 2) else { return }
        // Bytes first, one String at the end: a map writes hundreds of thousands of numbers.
        var bytes: [UInt8] = [0x4D]   // M
        bytes.reserveCapacity(points.count * 9 + 16)
        Self.appendTenths(points[0].0, to: &bytes)
        bytes.append(0x20)
        Self.appendTenths(points[0].1, to: &bytes)
        bytes.append(0x6C)   // l
        for index in 1..<points.count {
            if index > 1 { bytes.append(0x20) }
            Self.appendTenths(points[index].0 - points[index - 1].0, to: &bytes)
            bytes.append(0x20)
            Self.appendTenths(points[index].1 - points[index - 1].1, to: &bytes)
        }
        if closed { bytes.append(0x7A) }   // z
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// An integer number of tenths as a decimal ("12" → "1.2", "-3" → "-0.3", "20" → "2").
    static func tenths(_ value: Int) -> String {
        var bytes: [UInt8] = []
        appendTenths(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `tenths` written as UTF-8 bytes.
    static func appendTenths(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(0x2D) }
        let magnitude = value.magnitude
        var divisor: UInt = 1
        while divisor <= magnitude / 100 { divisor *= 10 }   // the highest power of ten in the whole part
        var whole = magnitude / 10
        repeat {
            out.append(UInt8(whole / divisor) + 0x30)
            whole %= divisor
            divisor /= 10
        } while divisor > 0
        if magnitude % 10 != 0 { out.append(0x2E); out.append(UInt8(magnitude % 10) + 0x30) }
    }
}
