import Foundation

/// Writes a `LayerStyle` as QGIS QML and as OGC SLD 1.1 (Symbology Encoding): XML trees of
/// `SVGElement`s, so every value is escaped when the tree is serialised.
enum StyleXML {
    typealias Element = SVGElement

    static func document(_ root: Element) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        root.write(to: &out)
        return out + "\n"
    }

    static func number(_ value: Double) -> String { formatNumber(value, decimals: 3) }

    // MARK: QML

    /// The QGIS style document (`<qgis>` root, Symbology only) read by "Load default style".
    static func qml(_ style: LayerStyle) -> String {
        document(Element("qgis", [("version", "3.22.0"), ("styleCategories", "Symbology")], children: [.element(renderer(style.renderer))]))
    }

    static func renderer(_ renderer: StyleRenderer) -> Element {
        let common = [("symbollevels", "0"), ("enableorderby", "0"), ("forceraster", "0")]
        switch renderer {
        case let .single(symbol):
            return Element("renderer-v2", [("type", "singleSymbol")] + common, children: [.element(symbols([symbol]))])
        case let .categorized(field, categories):
            let items = categories.enumerated().map { index, category in
                Element("category", [("value", category.value ?? ""), ("label", category.label), ("symbol", String(index)), ("render", "true")])
            }
            return Element("renderer-v2", [("type", "categorizedSymbol"), ("attr", field)] + common,
                           children: [.element(Element("categories", children: items.map(SVGNode.element))), .element(symbols(categories.map(\.symbol)))])
        case let .graduated(field, ranges):
            let items = ranges.enumerated().map { index, range in
                Element("range", [("lower", String(format: "%.6f", range.lower)), ("upper", String(format: "%.6f", range.upper)),
                                  ("label", range.label), ("symbol", String(index)), ("render", "true")])
            }
            return Element("renderer-v2", [("type", "graduatedSymbol"), ("attr", field), ("graduatedMethod", "GraduatedColor")] + common,
                           children: [.element(Element("ranges", children: items.map(SVGNode.element))), .element(symbols(ranges.map(\.symbol))),
                                      .element(Element("mode", [("name", "equal")]))])
        case let .rules(rules):
            let items = rules.enumerated().map { index, rule in
                Element("rule", [("key", "{rule-\(index)}"), ("filter", rule.filter.expression), ("label", rule.label), ("symbol", String(index))])
            }
            return Element("renderer-v2", [("type", "RuleRenderer")] + common,
                           children: [.element(Element("rules", [("key", "{root}")], children: items.map(SVGNode.element))), .element(symbols(rules.map(\.symbol)))])
        }
    }

    static func symbols(_ list: [StyleSymbol]) -> Element {
        Element("symbols", children: list.enumerated().map { .element(symbol($1, name: String($0))) })
    }

    /// One `<symbol>` with one symbol layer; its properties as QGIS 3 writes them (`<Option type="Map">`).
    static func symbol(_ symbol: StyleSymbol, name: String) -> Element {
        let type: String, layerClass: String
        var options: [(String, String)]
        switch symbol {
        case let .fill(fill, stroke, width, dash):
            type = "fill"
            layerClass = "SimpleFill"
            options = [("color", (fill ?? stroke).qgis), ("style", fill == nil ? "no" : "solid"), ("outline_color", stroke.qgis),
                       ("outline_width", number(width)), ("outline_width_unit", "Pixel"), ("outline_style", dash == nil ? "solid" : "dash"),
                       ("joinstyle", "round")]
        case let .line(colour, width, dash):
            type = "line"
            layerClass = "SimpleLine"
            options = [("line_color", colour.qgis), ("line_width", number(width)), ("line_width_unit", "Pixel"), ("line_style", "solid"),
                       ("capstyle", "round"), ("joinstyle", "round")]
            if let dash {
                options += [("use_custom_dash", "1"), ("customdash", dash.map(number).joined(separator: ";")), ("customdash_unit", "Pixel")]
            }
        case let .marker(shape, fill, stroke, size):
            type = "marker"
            layerClass = "SimpleMarker"
            options = [("name", qgisShape(shape)), ("color", fill.qgis), ("outline_color", stroke.qgis), ("outline_width", "1"),
                       ("outline_width_unit", "Pixel"), ("size", number(size)), ("size_unit", "Pixel")]
        }
        let map = Element("Option", [("type", "Map")], children: options.map { key, value in
            .element(Element("Option", [("name", key), ("type", "QString"), ("value", value)]))
        })
        let layer = Element("layer", [("class", layerClass), ("enabled", "1"), ("locked", "0"), ("pass", "0")], children: [.element(map)])
        return Element("symbol", [("type", type), ("name", name), ("alpha", "1"), ("clip_to_extent", "1"), ("force_rhr", "0")], children: [.element(layer)])
    }

    /// QGIS simple-marker shape names; the rail track becomes a filled cross.
    static func qgisShape(_ shape: StyleSymbol.Shape) -> String {
        switch shape {
        case .circle, .diamond, .square, .triangle, .star: return shape.rawValue
        case .rail: return "cross_fill"
        }
    }

    // MARK: SLD

    static let sldNamespaces = [
        ("xmlns", "http://www.opengis.net/sld"), ("xmlns:ogc", "http://www.opengis.net/ogc"), ("xmlns:se", "http://www.opengis.net/se"),
        ("xmlns:xlink", "http://www.w3.org/1999/xlink"), ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ("version", "1.1.0"), ("xsi:schemaLocation", "http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd"),
    ]

    /// The OGC SLD 1.1 document: one `se:Rule` per category, class or rule, as QGIS exports it.
    static func sld(_ style: LayerStyle) -> String {
        let name = Element("se:Name", text: style.layer)
        let featureTypeStyle = Element("se:FeatureTypeStyle", children: sldRules(style.renderer).map(SVGNode.element))
        let userStyle = Element("UserStyle", children: [.element(name), .element(featureTypeStyle)])
        let namedLayer = Element("NamedLayer", children: [.element(name), .element(userStyle)])
        return document(Element("StyledLayerDescriptor", sldNamespaces, children: [.element(namedLayer)]))
    }

    static func sldRules(_ renderer: StyleRenderer) -> [Element] {
        switch renderer {
        case let .single(symbol): return [sldRule("Single symbol", filter: nil, symbol)]
        case let .categorized(field, categories):
            let listed = categories.compactMap(\.value)
            return categories.map { category in
                // "All other values": none of the listed values, or NULL.
                let filter = category.value.map { filterElement(.equals(field, $0)) }
                    ?? Element("ogc:Or", children: [.element(Element("ogc:PropertyIsNull", children: [.element(property(field))]))]
                               + [.element(Element("ogc:Not", children: [.element(Element("ogc:Or", children: listed.map { .element(filterElement(.equals(field, $0))) }))]))])
                return sldRule(category.label, filter: filter, category.symbol)
            }
        case let .graduated(field, ranges):
            return ranges.map { range in
                let bounds = Element("ogc:And", children: [
                    .element(Element("ogc:PropertyIsGreaterThanOrEqualTo", children: [.element(property(field)), .element(Element("ogc:Literal", text: number(range.lower)))])),
                    .element(Element("ogc:PropertyIsLessThanOrEqualTo", children: [.element(property(field)), .element(Element("ogc:Literal", text: number(range.upper)))])),
                ])
                return sldRule(range.label, filter: bounds, range.symbol)
            }
        case let .rules(rules): return rules.map { sldRule($0.label, filter: filterElement($0.filter), $0.symbol) }
        }
    }

    static func property(_ field: String) -> Element { Element("ogc:PropertyName", text: field) }

    static func filterElement(_ filter: StyleFilter) -> Element {
        func compare(_ name: String, _ field: String, _ value: String) -> Element {
            Element(name, children: [.element(property(field)), .element(Element("ogc:Literal", text: value))])
        }
        switch filter {
        case let .equals(field, value): return compare("ogc:PropertyIsEqualTo", field, value)
        case let .notEquals(field, value):
            return Element("ogc:Or", children: [.element(Element("ogc:PropertyIsNull", children: [.element(property(field))])),
                                                .element(compare("ogc:PropertyIsNotEqualTo", field, value))])
        case let .isTrue(field): return compare("ogc:PropertyIsEqualTo", field, "1")
        case let .isFalse(field): return compare("ogc:PropertyIsEqualTo", field, "0")
        case let .all(parts): return Element("ogc:And", children: parts.map { .element(filterElement($0)) })
        case let .atLeast(field, value): return compare("ogc:PropertyIsGreaterThanOrEqualTo", field, number(value))
        case let .below(field, value): return compare("ogc:PropertyIsLessThan", field, number(value))
        case let .isNull(field): return Element("ogc:PropertyIsNull", children: [.element(property(field))])
        }
    }

    static func sldRule(_ label: String, filter: Element?, _ symbol: StyleSymbol) -> Element {
        var children: [SVGNode] = [.element(Element("se:Name", text: label)),
                                   .element(Element("se:Description", children: [.element(Element("se:Title", text: label))]))]
        if let filter { children.append(.element(Element("ogc:Filter", children: [.element(filter)]))) }
        children.append(.element(symbolizer(symbol)))
        return Element("se:Rule", children: children)
    }

    static func parameter(_ name: String, _ value: String) -> SVGNode { .element(Element("se:SvgParameter", [("name", name)], text: value)) }

    static func stroke(_ colour: StyleColour, width: Double, dash: [Double]?) -> Element {
        var parameters = [parameter("stroke", colour.hex), parameter("stroke-opacity", number(colour.opacity)),
                          parameter("stroke-width", number(width)), parameter("stroke-linejoin", "round")]
        if let dash { parameters.append(parameter("stroke-dasharray", dash.map(number).joined(separator: " "))) }
        return Element("se:Stroke", children: parameters)
    }

    static func fill(_ colour: StyleColour) -> Element {
        Element("se:Fill", children: [parameter("fill", colour.hex), parameter("fill-opacity", number(colour.opacity))])
    }

    static func symbolizer(_ symbol: StyleSymbol) -> Element {
        switch symbol {
        case let .fill(fillColour, strokeColour, width, dash):
            let fills: [SVGNode] = fillColour.map { [SVGNode.element(fill($0))] } ?? []
            return Element("se:PolygonSymbolizer", children: fills + [.element(stroke(strokeColour, width: width, dash: dash))])
        case let .line(colour, width, dash):
            return Element("se:LineSymbolizer", children: [.element(stroke(colour, width: width, dash: dash))])
        case let .marker(shape, fillColour, strokeColour, size):
            // SLD's well-known names: no diamond (a square turned 45°) and no track (a cross).
            let (name, rotation): (String, Double)
            switch shape {
            case .circle, .square, .triangle, .star: (name, rotation) = (shape.rawValue, 0)
            case .diamond: (name, rotation) = ("square", 45)
            case .rail: (name, rotation) = ("cross", 0)
            }
            let mark = Element("se:Mark", children: [.element(Element("se:WellKnownName", text: name)), .element(fill(fillColour)),
                                                     .element(stroke(strokeColour, width: 1, dash: nil))])
            var graphic: [SVGNode] = [.element(mark), .element(Element("se:Size", text: number(size)))]
            if rotation != 0 { graphic.append(.element(Element("se:Rotation", children: [.element(Element("ogc:Literal", text: number(rotation)))]))) }
            return Element("se:PointSymbolizer", children: [.element(Element("se:Graphic", children: graphic))])
        }
    }
}
