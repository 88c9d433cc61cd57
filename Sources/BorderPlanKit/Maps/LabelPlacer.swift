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
}

/// Where a label went: its box and whether it needs a leader line.
struct PlacedLabel {
    var box: PageBox
    var leader: Bool
    /// Which side of the box the text hugs: the side facing the anchor (the box is an estimate).
    var align: TextAlign = .middle

    /// Where to put the text (x) for `align`.
    var textX: Double {
        switch align {
        case .left: return box.minX + 2
        case .middle: return box.centerX
        case .right: return box.maxX - 2
        }
    }

    /// The baseline for a one-line text of `fontSize` centred vertically in the box.
    func baseline(fontSize: Double) -> Double { box.centerY + fontSize * 0.36 }

    static func beside(_ box: PageBox, anchorX x: Double, leader: Bool) -> PlacedLabel {
        let align: TextAlign = box.minX > x ? .left : box.maxX < x ? .right : .middle
        return PlacedLabel(box: box, leader: leader, align: align)
    }
}

/// Greedy, deterministic label placement: labels are placed in the order asked, each at the
/// first candidate position that stays inside the frame and overlaps nothing placed before.
struct LabelPlacer {
    let bounds: PageBox
    private(set) var occupied: [PageBox] = []

    init(bounds: PageBox) {
        self.bounds = bounds
    }

    /// Estimated size of a one-line label (DejaVu Sans is wide: ~0.6 em a character).
    static func size(of text: String, fontSize: Double, bold: Bool = false) -> (width: Double, height: Double) {
        (Double(text.count) * fontSize * (bold ? 0.66 : 0.6) + 4, fontSize * 1.25)
    }

    /// Marks `box` as taken (symbols, furniture).
    mutating func reserve(_ box: PageBox) { occupied.append(box) }

    func fits(_ box: PageBox) -> Bool {
        box.inside(bounds) && !occupied.contains { $0.intersects(box) }
    }

    /// A label beside a point symbol of radius `r`: right, left, above, below, the diagonals,
    /// then farther out in 16 directions with a leader line (when `leaders`).
    mutating func placeBeside(x: Double, y: Double, r: Double, width: Double, height: Double, leaders: Bool) -> PlacedLabel? {
        let gap = r + 3
        let near: [(Double, Double)] = [
            (x + gap + width / 2, y), (x - gap - width / 2, y),
            (x, y - gap - height / 2), (x, y + gap + height / 2),
            (x + gap + width / 2 - 4, y - gap - height / 2 + 4), (x + gap + width / 2 - 4, y + gap + height / 2 - 4),
            (x - gap - width / 2 + 4, y - gap - height / 2 + 4), (x - gap - width / 2 + 4, y + gap + height / 2 - 4),
        ]
        for (cx, cy) in near {
            let box = PageBox(centerX: cx, centerY: cy, width: width, height: height)
            if fits(box) { occupied.append(box); return .beside(box, anchorX: x, leader: false) }
        }
        guard leaders else { return nil }
        for distance in [22.0, 40, 60, 85, 115, 150] {
            for step in 0..<16 {
                // East first, then alternating either side of it.
                let index = step == 0 ? 0 : (step % 2 == 1 ? (step + 1) / 2 : 16 - step / 2)
                let angle = Double(index) * .pi / 8
                let cx = x + cos(angle) * (distance + width / 2), cy = y + sin(angle) * (distance + height / 2)
                let box = PageBox(centerX: cx, centerY: cy, width: width, height: height)
                if fits(box) { occupied.append(box); return .beside(box, anchorX: x, leader: true) }
            }
        }
        return nil
    }

    /// A label centred on (x, y) or nudged up to `reach` px away (no leader line).
    mutating func placeAround(x: Double, y: Double, width: Double, height: Double, reach: Double) -> PlacedLabel? {
        var offsets: [(Double, Double)] = [(0, 0)]
        var distance = 6.0
        while distance <= reach {
            for step in 0..<8 {
                let angle = Double(step) * .pi / 4 + .pi / 2
                offsets.append((cos(angle) * distance, sin(angle) * distance))
            }
            distance += 6
        }
        for (dx, dy) in offsets {
            let box = PageBox(centerX: x + dx, centerY: y + dy, width: width, height: height)
            if fits(box) { occupied.append(box); return PlacedLabel(box: box, leader: false) }
        }
        return nil
    }
}
