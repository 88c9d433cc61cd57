import Foundation

/// An axis-aligned box on the page, px.
struct PageBox: Equatable {
    var minX: Double
    var minY: Double
    var maxX: Double
    var maxY: Double

    init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    init(centerX: Double, centerY: Double, width: Double, height: Double) {
        self.init(minX: centerX - width / 2, minY: centerY - height / 2, maxX: centerX + width / 2, maxY: centerY + height / 2)
    }

    var centerX: Double { (minX + maxX) / 2 }
    var centerY: Double { (minY + maxY) / 2 }

    func intersects(_ other: PageBox) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }

    func inside(_ other: PageBox) -> Bool {
        minX >= other.minX && maxX <= other.maxX && minY >= other.minY && maxY <= other.maxY
    }

    /// Whether the segment a–b passes through the box (Liang–Barsky clipping).
    func intersects(segmentFrom a: (x: Double, y: Double), to b: (x: Double, y: Double)) -> Bool {
        var t0 = 0.0, t1 = 1.0
        let dx = b.x - a.x, dy = b.y - a.y
        for (p, q) in [(-dx, a.x - minX), (dx, maxX - a.x), (-dy, a.y - minY), (dy, maxY - a.y)] {
            if p == 0 {
                if q < 0 { return false }
            } else {
                let t = q / p
                if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
                if t0 > t1 { return false }
            }
        }
        return true
    }
}

/// How much a label matters: the placer places the most important first, so when every
/// position of a label is taken it is the least important that goes.
enum LabelPriority: Int, Comparable {
    case neighbour = 0, wilaya, gap, otherCrossing, openCrossing

    static func < (a: LabelPriority, b: LabelPriority) -> Bool { a.rawValue < b.rawValue }
}

/// One label to place: its texts (preferred first, shorter fallbacks after), its anchor and
/// how it sits around it.
struct LabelRequest {
    enum Anchor {
        /// Beside a point symbol whose reserved box reaches `halfSize` px from its centre:
        /// the 8 positions around it, then (with `leaders`) farther out with a leader line.
        case symbol(halfSize: Double, leaders: Bool)
        /// Centred on an area's point, nudged up to `reach` px, the box staying where
        /// `within` says it is inside the area (country names).
        case area(reach: Double, within: (PageBox) throws -> Bool)
    }

    var texts: [String]
    var x: Double
    var y: Double
    var anchor: Anchor
    var priority: LabelPriority
    var style: TextStyle
    var className: String
}

/// Where a label went: its text, its box and whether it needs a leader line.
struct PlacedLabel {
    var request: LabelRequest
    var text: String
    var box: PageBox
    var leader: Bool
    /// Which side of the box the text hugs: the side facing the anchor.
    var align: TextAlign = .middle

    /// Where to put the text (x) for `align`.
    var textX: Double {
        switch align {
        case .left: return box.minX + LabelPlacer.padding
        case .middle: return box.centerX
        case .right: return box.maxX - LabelPlacer.padding
        }
    }

    /// The baseline for a one-line text of `fontSize` centred vertically in the box.
    var baseline: Double { box.centerY + request.style.size * LabelPlacer.baselineShift }
}

/// Greedy, deterministic label placement. Labels go most important first (ties in the order
/// given), each at the first free position among the 8 around its symbol, in the order of
/// preference right, upper right, lower right, left, upper left, lower left, above, below.
/// A position is free when its box stays in the frame and meets no label placed before, no
/// symbol and no land-border line; failing that (point labels only), no label and no symbol
/// (the line may run under it); then farther out with a leader (crossings); then the next,
/// shorter text. A label with no free position is dropped.
struct LabelPlacer {
    let bounds: PageBox
    private(set) var placedBoxes: [PageBox] = []
    private(set) var symbols: [PageBox] = []
    private var lines = SegmentGrid()

    /// Space between the text and its box, px, each side (two labels side by side keep twice
    /// this apart, so they do not read as one).
    static let padding = 3.0
    /// A box's height is this many font sizes; the baseline sits this far below its centre.
    static let lineHeight = 1.25
    static let baselineShift = 0.36
    /// How far a label keeps from a line's centre beyond its box, px: half the border's
    /// 4 px stroke and its gap's white edge.
    static let lineClearance = 3.0

    init(bounds: PageBox) {
        self.bounds = bounds
    }

    /// The box a one-line label needs: the text's estimated width plus padding, by a line's height.
    static func size(of text: String, style: TextStyle) -> (width: Double, height: Double) {
        (TextMetrics.width(of: text, fontSize: style.size, bold: style.weight == "bold") + 2 * padding, style.size * lineHeight)
    }

    /// Marks `box` as taken by a symbol or a piece of furniture.
    mutating func reserve(_ box: PageBox) { symbols.append(box) }

    /// Marks a page polyline (a land border) that labels should keep off where they can.
    mutating func reserveLine(_ points: [(x: Double, y: Double)]) { lines.insert(points) }

    func fits(_ box: PageBox, avoidLines: Bool) -> Bool {
        box.inside(bounds) && !placedBoxes.contains { $0.intersects(box) } && !symbols.contains { $0.intersects(box) }
            && !(avoidLines && lines.crosses(PageBox(minX: box.minX - Self.lineClearance, minY: box.minY - Self.lineClearance,
                                                     maxX: box.maxX + Self.lineClearance, maxY: box.maxY + Self.lineClearance)))
    }

    /// Places every request; returns the labels drawn, most important first.
    mutating func place(_ requests: [LabelRequest]) throws -> [PlacedLabel] {
        let order = requests.indices.sorted { (requests[$1].priority, $0) < (requests[$0].priority, $1) }
        return try order.compactMap { try place(requests[$0]) }
    }

    mutating func place(_ request: LabelRequest) throws -> PlacedLabel? {
        for text in request.texts {
            let size = Self.size(of: text, style: request.style)
            for (candidates, leader) in try candidates(for: request, width: size.width, height: size.height) {
                // Area labels (country names) never cross a border line: they have room to move.
                let passes = if case .area = request.anchor { [true] } else { [true, false] }
                for avoidLines in passes {
                    guard let box = candidates.first(where: { fits($0, avoidLines: avoidLines) }) else { continue }
                    placedBoxes.append(box)
                    let align: TextAlign = box.minX > request.x ? .left : box.maxX < request.x ? .right : .middle
                    return PlacedLabel(request: request, text: text, box: box, leader: leader, align: align)
                }
            }
        }
        return nil
    }

    /// The candidate boxes, in groups tried in turn: the 8 positions, then the leader ring.
    func candidates(for request: LabelRequest, width: Double, height: Double) throws -> [(boxes: [PageBox], leader: Bool)] {
        let x = request.x, y = request.y
        func box(_ cx: Double, _ cy: Double) -> PageBox { PageBox(centerX: cx, centerY: cy, width: width, height: height) }
        switch request.anchor {
        case let .symbol(halfSize, leaders):
            let gap = halfSize + 1, diagonal = halfSize + 1
            let right = x + gap + width / 2, left = x - gap - width / 2
            let eight = [box(right, y), box(x + diagonal + width / 2, y - diagonal - height / 2), box(x + diagonal + width / 2, y + diagonal + height / 2),
                         box(left, y), box(x - diagonal - width / 2, y - diagonal - height / 2), box(x - diagonal - width / 2, y + diagonal + height / 2),
                         box(x, y - gap - height / 2), box(x, y + gap + height / 2)]
            guard leaders else { return [(eight, false)] }
            var ring: [PageBox] = []
            for distance in [22.0, 40, 60, 85, 115, 150] {
                for step in 0..<16 {
                    // East first, then alternating either side of it.
                    let index = step == 0 ? 0 : (step % 2 == 1 ? (step + 1) / 2 : 16 - step / 2)
                    let angle = Double(index) * .pi / 8
                    ring.append(box(x + cos(angle) * (distance + width / 2), y + sin(angle) * (distance + height / 2)))
                }
            }
            return [(eight, false), (ring, true)]
        case let .area(reach, within):
            var boxes = [box(x, y)]
            for distance in stride(from: 6.0, through: reach, by: 6) {
                for step in 0..<8 {
                    let angle = Double(step) * .pi / 4 + .pi / 2
                    boxes.append(box(x + cos(angle) * distance, y + sin(angle) * distance))
                }
            }
            return [(try boxes.filter(within), false)]
        }
    }
}

/// Page line segments bucketed in square cells, so a box is tested only against the
/// segments near it.
struct SegmentGrid {
    static let cell = 40.0
    private var segments: [(a: (x: Double, y: Double), b: (x: Double, y: Double))] = []
    private var cells: [Int: [Int]] = [:]

    static func key(_ column: Int, _ row: Int) -> Int { column &* 100_003 &+ row }

    mutating func insert(_ points: [(x: Double, y: Double)]) {
        for (a, b) in zip(points, points.dropFirst()) {
            segments.append((a, b))
            let index = segments.count - 1
            for column in Int(floor(min(a.x, b.x) / Self.cell))...Int(floor(max(a.x, b.x) / Self.cell)) {
                for row in Int(floor(min(a.y, b.y) / Self.cell))...Int(floor(max(a.y, b.y) / Self.cell)) {
                    cells[Self.key(column, row), default: []].append(index)
                }
            }
        }
    }

    /// Whether any segment passes through `box`.
    func crosses(_ box: PageBox) -> Bool {
        for column in Int(floor(box.minX / Self.cell))...Int(floor(box.maxX / Self.cell)) {
            for row in Int(floor(box.minY / Self.cell))...Int(floor(box.maxY / Self.cell)) {
                for index in cells[Self.key(column, row)] ?? [] where box.intersects(segmentFrom: segments[index].a, to: segments[index].b) {
                    return true
                }
            }
        }
        return false
    }
}
