import Foundation

/// An sRGB colour with opacity, read from the maps' `#rrggbb` colours.
struct StyleColour: Equatable {
    var red: Int, green: Int, blue: Int
    var opacity: Double = 1

    /// `hex` is one of MapStyle's `#rrggbb` literals; anything else is a programming error.
    init(_ hex: String, opacity: Double = 1) {
        let digits = hex.dropFirst()
        precondition(hex.hasPrefix("#") && digits.count == 6, "bad colour \(hex)")
        let value = Int(digits, radix: 16) ?? 0
        red = value >> 16 & 0xff
        green = value >> 8 & 0xff
        blue = value & 0xff
        self.opacity = opacity
    }

    var hex: String { String(format: "#%02x%02x%02x", red, green, blue) }
    /// QGIS's `r,g,b,a` (alpha 0–255).
    var qgis: String { "\(red),\(green),\(blue),\(Int((opacity * 255).rounded()))" }
}

/// A condition on a feature's attributes, written as a QGIS expression and as an OGC filter.
indirect enum StyleFilter: Equatable {
    case equals(String, String)
    case notEquals(String, String)
    case isTrue(String)
    case isFalse(String)
    case all([StyleFilter])
    /// A number at least / below a bound, or no value at all.
    case atLeast(String, Double)
    case below(String, Double)
    case isNull(String)
}

/// What is drawn for a feature: a fill (polygons), a line, or a point marker. Sizes in pixels.
enum StyleSymbol: Equatable {
    enum Shape: String { case circle, diamond, square, triangle, star, rail }
    case fill(fill: StyleColour?, stroke: StyleColour, width: Double, dash: [Double]? = nil)
    case line(StyleColour, width: Double, dash: [Double]? = nil)
    case marker(Shape, fill: StyleColour, stroke: StyleColour, size: Double)
}

/// How a layer is drawn: one symbol, a symbol per value of a field, per class of a number, or
/// per rule. Every QML and SLD is generated from this one description.
enum StyleRenderer: Equatable {
    struct Category: Equatable { var value: String?; var label: String; var symbol: StyleSymbol }
    struct Range: Equatable { var lower: Double; var upper: Double; var label: String; var symbol: StyleSymbol }
    struct Rule: Equatable { var filter: StyleFilter; var label: String; var symbol: StyleSymbol }
    case single(StyleSymbol)
    /// A `nil` value is QGIS's "all other values" category (NULL included).
    case categorized(field: String, [Category])
    case graduated(field: String, [Range])
    case rules([Rule])
}

/// One layer's style.
struct LayerStyle: Equatable {
    var layer: String
    var renderer: StyleRenderer
}

/// The style of every export layer, from the maps' colours and symbols (MapStyle).
enum LayerStyles {
    static func style(for layer: String) -> LayerStyle? {
        let renderer: StyleRenderer
        switch ExportLayerKind(rawValue: layer) {
        case .wilayas?:
            let stroke = StyleColour(MapStyle.wilayaStroke)
            renderer = booleanRules("border_wilaya", ("border wilaya", .fill(fill: StyleColour(MapStyle.borderWilayaFill), stroke: stroke, width: 0.6)),
                                    ("other wilaya", .fill(fill: StyleColour(MapStyle.wilayaFill), stroke: stroke, width: 0.6)))
        case .neighbours?:
            renderer = .single(.fill(fill: StyleColour(MapStyle.neighbourFill), stroke: StyleColour(MapStyle.neighbourStroke), width: 0.8))
        case .borders?:
            renderer = .categorized(field: "country", MapStyle.borderColours.map { country, colour in
                .init(value: country, label: country, symbol: .line(StyleColour(colour), width: MapStyle.borderWidth))
            } + [.init(value: nil, label: "coast", symbol: .line(StyleColour(MapStyle.coastColour), width: MapStyle.coastWidth))])
        case .crossings?: renderer = .rules(crossingRules())
        case .catchments?:
            let disc = StyleColour(MapStyle.discColour)
            renderer = booleanRules("open", ("open crossing", .fill(fill: StyleColour(MapStyle.discColour, opacity: Double(MapStyle.discFillOpacity) ?? 0.13), stroke: disc, width: 0.8)),
                                    ("not open", .fill(fill: nil, stroke: disc, width: 0.6, dash: [3, 3])))
        case .coverage?: renderer = .graduated(field: "area_pct", coverageClasses)
        case .gaps?:
            let dash = MapStyle.gapDash.split(separator: " ").compactMap { Double($0) }
            renderer = .single(.line(StyleColour(MapStyle.gapColour), width: MapStyle.gapWidth, dash: dash))
        case .places?:
            let stroke = StyleColour("#1e1e1e")
            renderer = booleanRules("covered", ("within reach of an open crossing", .marker(.circle, fill: StyleColour("#404040"), stroke: stroke, size: 5)),
                                    ("out of reach", .marker(.circle, fill: StyleColour(MapStyle.gapColour), stroke: stroke, size: 5)))
        case .projects?:
            renderer = .categorized(field: "phase", ProjectPhase.allCases.enumerated().map { index, phase in
                let colours = ["#9e9ac8", "#756bb1", "#f28e2b", "#1a9641", "#7f7f7f"]
                return .init(value: phase.rawValue, label: phase.rawValue,
                             symbol: .marker(.square, fill: StyleColour(colours[index % colours.count]), stroke: StyleColour("#1e1e1e"), size: 8))
            })
        case .communes?: renderer = .rules(communeRules())
        case .plan?: renderer = .categorized(field: "option_kind", planCategories())
        case nil: return nil
        }
        return LayerStyle(layer: layer, renderer: renderer)
    }

    /// Two rules on a boolean field (QGIS reads GeoPackage booleans as true/false, so a rule on
    /// the field's truth, not a category on "1"/"0").
    static func booleanRules(_ field: String, _ yes: (String, StyleSymbol), _ no: (String, StyleSymbol)) -> StyleRenderer {
        .rules([.init(filter: .isTrue(field), label: yes.0, symbol: yes.1), .init(filter: .isFalse(field), label: no.0, symbol: no.1)])
    }

    /// Crossings by status (the maps' symbol and colour), rail crossings with the track symbol,
    /// hypothetical sites as stars: mutually exclusive rules (QGIS draws every matching rule).
    static func crossingRules() -> [StyleRenderer.Rule] {
        let stroke = StyleColour("#1e1e1e"), size = MapStyle.symbolRadius * 2
        var rules: [StyleRenderer.Rule] = [.init(filter: .isTrue("hypothetical"), label: "hypothetical site",
                                                 symbol: .marker(.star, fill: StyleColour(MapStyle.hypotheticalColour), stroke: stroke, size: size * 1.3))]
        for style in MapStyle.statusStyles {
            let shape = StyleSymbol.Shape(rawValue: "\(style.symbol)") ?? .circle
            let status = StyleFilter.equals("status", style.status.rawValue)
            rules.append(.init(filter: .all([.isFalse("hypothetical"), status, .notEquals("kind", CrossingKind.rail.rawValue)]),
                               label: style.status.rawValue, symbol: .marker(shape, fill: StyleColour(style.colour), stroke: stroke, size: size)))
            rules.append(.init(filter: .all([.isFalse("hypothetical"), status, .equals("kind", CrossingKind.rail.rawValue)]),
                               label: "\(style.status.rawValue), rail", symbol: .marker(.rail, fill: StyleColour(style.colour), stroke: stroke, size: size)))
        }
        return rules
    }

    /// Communes by covered share of their population, the coverage layer's five classes as
    /// rules (lower bound included), and communes without a population in grey.
    static func communeRules() -> [StyleRenderer.Rule] {
        coverageClasses.enumerated().map { index, range in
            let filter: StyleFilter = index == coverageClasses.count - 1 ? .atLeast("population_pct", range.lower)
                : .all([.atLeast("population_pct", range.lower), .below("population_pct", range.upper)])
            return .init(filter: filter, label: range.label, symbol: range.symbol)
        } + [.init(filter: .isNull("population_pct"), label: "no population",
                   symbol: .fill(fill: StyleColour(MapStyle.wilayaFill), stroke: StyleColour(MapStyle.wilayaStroke), width: 0.3))]
    }

    /// A plan's options: a large star per option kind (the maps' hypothetical-site star for new posts).
    static func planCategories() -> [StyleRenderer.Category] {
        let colours: [OptionKind: String] = [.openPlanned: "#1a9641", .reopen: "#d7191c", .addTraffic: "#2b83ba", .makePermanent: "#fdae61",
                                             .newPost: MapStyle.hypotheticalColour]
        return OptionKind.allCases.map { kind in
            .init(value: kind.rawValue, label: kind.rawValue,
                  symbol: .marker(.star, fill: StyleColour(colours[kind] ?? "#7f7f7f"), stroke: StyleColour("#1e1e1e"), size: MapStyle.symbolRadius * 3))
        }
    }

    /// Covered share of each border wilaya in five classes of 20 %, light to dark blue (ColorBrewer Blues).
    static let coverageClasses: [StyleRenderer.Range] = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"].enumerated().map { index, colour in
        let lower = Double(index * 20), upper = Double(index * 20 + 20)
        return .init(lower: lower, upper: upper, label: "\(Int(lower))–\(Int(upper)) %",
                     symbol: .fill(fill: StyleColour(colour, opacity: 0.8), stroke: StyleColour(MapStyle.discColour), width: 0.6))
    }
}

extension StyleFilter {
    /// The QGIS expression (fields double-quoted, text single-quoted; quotes doubled inside).
    var expression: String {
        func field(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        switch self {
        case let .equals(name, value): return "\(field(name)) = \(literal(value))"
        // coalesce: a NULL kind (a hypothetical site) is "not rail" too.
        case let .notEquals(name, value): return "coalesce(\(field(name)), '') <> \(literal(value))"
        case let .isTrue(name): return field(name)
        case let .isFalse(name): return "NOT \(field(name))"
        case let .all(parts): return parts.map { "(\($0.expression))" }.joined(separator: " AND ")
        case let .atLeast(name, value): return "\(field(name)) >= \(StyleXML.number(value))"
        case let .below(name, value): return "\(field(name)) < \(StyleXML.number(value))"
        case let .isNull(name): return "\(field(name)) IS NULL"
        }
    }
}
