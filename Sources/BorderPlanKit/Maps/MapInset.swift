import Foundation
import Geo

/// The inset of the overview and coverage maps: the Tunisia border's crowded stretch at a
/// fixed scale, drawn with the same layers; and the report's click-to-zoom.
extension MapComposition {
    /// 1:2,500,000 at the map's natural size (a CSS px is 0.0254 / 96 m).
    static let insetScale = 2_500_000
    static let insetPartner = Partner.TN
    /// Crossings within this many km of the next (north to south) form one crowded stretch.
    static let insetChainKm = 100.0
    /// Ground shown around the stretch's crossings, km.
    static let insetMarginKm = 20.0
    /// Room at the bottom for the scale bar, px.
    static let insetFooter = 48.0

    /// The longest run of `sites`, sorted north to south, each within `insetChainKm` of the next.
    static func crowdedStretch(_ sites: [Site]) -> [Site] {
        let ordered = sites.sorted { ($0.location.lat, $0.id) > ($1.location.lat, $1.id) }
        var best: [Site] = [], run: [Site] = []
        for site in ordered {
            if let last = run.last, Geodesic.wgs84.distance(last.location, site.location) / 1_000 > insetChainKm { run = [] }
            run.append(site)
            if run.count > best.count { best = run }
        }
        return best
    }

    /// The inset's frame at `left`, `top`: the stretch's projected box plus the margin, at the
    /// fixed scale corrected by the projection's scale factor at its centre (measured with
    /// PROJ and the geodesic), cut to `maxWidth`.
    func insetFrame(around stretch: [Site], left: Double, top: Double, maxWidth: Double) throws -> MapFrame {
        let points = try transformer.transform(stretch.map(\.location))
        let margin = Self.insetMarginKm * 1_000
        let minX = points.map(\.x).min()! - margin, maxX = points.map(\.x).max()! + margin
        let minY = points.map(\.y).min()! - margin, maxY = points.map(\.y).max()! + margin
        let centre = Coordinate(x: (minX + maxX) / 2, y: (minY + maxY) / 2)
        let west = try transformer.transform(Coordinate(x: centre.x - 5_000, y: centre.y), inverse: true)
        let east = try transformer.transform(Coordinate(x: centre.x + 5_000, y: centre.y), inverse: true)
        let factor = 10_000 / Geodesic.wgs84.distance(west, east)   // projected metres per ground metre
        let scale = 1 / (Double(Self.insetScale) * 0.0254 / 96 * factor)   // px per projected metre
        // The panel's full width (room for labels either side), the stretch's height and the scale bar's.
        let width = maxWidth, height = ((maxY - minY) * scale + Self.insetFooter).rounded()
        let extent = Envelope(minX: centre.x - width / scale / 2, minY: maxY - height / scale,
                              maxX: centre.x + width / scale / 2, maxY: maxY)
        return MapFrame(extent: extent, left: left, top: top, scale: scale)
    }

    /// The inset under the legend with its title, and its outline on the main map; nil on the
    /// border close-ups and when the Tunisia border has no crossing.
    func insetPanel(top: Double) throws -> (element: SVGElement, bottom: Double, locator: SVGElement)? {
        guard focus == nil else { return nil }
        let stretch = Self.crowdedStretch(sites.filter { $0.partner == Self.insetPartner && !$0.hypothetical })
        guard stretch.count > 1 else { return nil }
        let left = frame.right + MapRenderer.gutter, titleHeight = 26.0
        let insetFrame = try self.insetFrame(around: stretch, left: left, top: top + titleHeight, maxWidth: MapRenderer.panelWidth)
        var inset = MapComposition(data: data, text: text, kind: kind, focus: nil, transformer: transformer, frame: insetFrame,
                                   radiusKm: radiusKm, coverage: coverage, sites: sites, service: service)
        let name = try borderName(Self.insetPartner)
        let title = text.insetTitle(borderName: name, scale: Self.insetScale)
        var group = SVGElement("g", [("id", "inset"), ("data-scale", String(Self.insetScale))])
        group.append(textElement(title, x: rtl ? left + insetFrame.width : left, y: top + 17, align: rtl ? .right : .left,
                                 style: TextStyle(size: MapStyle.legendHeadingSize, weight: "bold"), extra: [("id", "inset-title")]))
        group.append(try inset.mapGroup(id: "map", northArrow: false).map.prefixingIDs("inset-"))
        let corners = [Coordinate(x: insetFrame.extent.minX, y: insetFrame.extent.maxY), Coordinate(x: insetFrame.extent.maxX, y: insetFrame.extent.minY)]
            .map(frame.pixel)
        let locator = SVGElement("rect", [("id", "inset-locator"), ("x", svgNumber(corners[0].x)), ("y", svgNumber(corners[0].y)),
                                          ("width", svgNumber(corners[1].x - corners[0].x)), ("height", svgNumber(corners[1].y - corners[0].y)),
                                          ("fill", "none"), ("stroke", "#333333"), ("stroke-width", "1.2"), ("stroke-dasharray", "5 3")])
            .titled(title)
        return (group, insetFrame.bottom, locator)
    }

    /// Click to zoom 3× around the point, click again to zoom out: a few lines acting on the
    /// SVG's own viewBox (no external file; the report inlines the SVG so the script runs there).
    func zoomScript() -> SVGElement {
        let hint = text.zoomHint.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        let code = """
            (function (script) {
              var svg = script.parentNode, home = svg.getAttribute('viewBox'), zoomed = false;
              svg.style.cursor = 'zoom-in';
              var tip = document.createElementNS(svg.namespaceURI, 'title');
              tip.textContent = '\(hint)';
              svg.insertBefore(tip, svg.querySelector('title'));   // the page's tooltip, before the map's title
              svg.addEventListener('click', function (event) {
                if (zoomed) { svg.setAttribute('viewBox', home); zoomed = false; svg.style.cursor = 'zoom-in'; return; }
                var point = svg.createSVGPoint(); point.x = event.clientX; point.y = event.clientY;
                point = point.matrixTransform(svg.getScreenCTM().inverse());
                var box = home.split(' ').map(Number), w = box[2] / 3, h = box[3] / 3;
                var x = Math.min(Math.max(point.x - w / 2, 0), box[2] - w), y = Math.min(Math.max(point.y - h / 2, 0), box[3] - h);
                svg.setAttribute('viewBox', [x, y, w, h].join(' ')); zoomed = true; svg.style.cursor = 'zoom-out';
              });
            })(document.currentScript);
            """
        return SVGElement("script", [("type", "text/javascript")], text: code)
    }
}

extension SVGElement {
    /// A copy whose every `id`, and every `url(#…)` reference to one, starts with `prefix`, so a
    /// second drawing of the same layers (the inset) keeps ids unique in the document.
    func prefixingIDs(_ prefix: String) -> SVGElement {
        var copy = self
        copy.attributes = attributes.map { attribute in
            if attribute.name == "id" { return (attribute.name, prefix + attribute.value) }
            if attribute.value.hasPrefix("url(#") { return (attribute.name, "url(#" + prefix + attribute.value.dropFirst(5)) }
            return attribute
        }
        copy.children = children.map { child in
            if case let .element(element) = child { return .element(element.prefixingIDs(prefix)) }
            return child
        }
        return copy
    }
}
