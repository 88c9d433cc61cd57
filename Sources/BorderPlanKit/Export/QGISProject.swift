import Foundation

/// A QGIS project (`borderplan.qgs`) beside the GeoPackage: its layers grouped and ordered
/// (top of the tree drawn on top), each with its style's renderer, paths relative to the project.
enum QGISProject {
    typealias Element = SVGElement

    /// Groups from top to bottom of the layer tree; a layer not exported is left out.
    static let groups: [(name: String, layers: [ExportLayerKind])] = [
        ("plan", [.plan]), ("places", [.places]), ("crossings", [.crossings, .projects]), ("analysis", [.gaps, .coverage, .catchments, .communes]),
        ("borders", [.borders]), ("base", [.wilayas, .neighbours]),
    ]

    static func qgisGeometry(_ type: String) -> String {
        switch type {
        case "POINT", "MULTIPOINT": return "Point"
        case "LINESTRING", "MULTILINESTRING": return "Line"
        case "POLYGON", "MULTIPOLYGON": return "Polygon"
        default: return "Unknown geometry"
        }
    }

    /// The project for `layers` stored in the GeoPackage `gpkgName` in the same folder.
    static func document(_ layers: [ExportLayer], gpkgName: String) -> String {
        let byName = Dictionary(layers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let source = { (name: String) in "./\(gpkgName)|layername=\(name)" }
        let checked = ("checked", "Qt::Checked")
        let tree = groups.compactMap { group -> SVGNode? in
            let members = group.layers.map(\.rawValue).filter { byName[$0] != nil }
            guard !members.isEmpty else { return nil }
            return .element(Element("layer-tree-group", [("name", group.name), checked, ("expanded", "1")], children: members.map { name in
                .element(Element("layer-tree-layer", [("id", name), ("name", name), ("source", source(name)), ("providerKey", "ogr"), checked, ("expanded", "0")]))
            }))
        }
        let ordered = groups.flatMap(\.layers).compactMap { byName[$0.rawValue] }
        let mapLayers = ordered.map { layer -> SVGNode in
            var children: [SVGNode] = [.element(Element("id", text: layer.name)), .element(Element("datasource", text: source(layer.name))),
                                       .element(Element("layername", text: layer.name)), .element(srs()),
                                       .element(Element("provider", [("encoding", "UTF-8")], text: "ogr"))]
            if let style = LayerStyles.style(for: layer.name) { children.append(.element(StyleXML.renderer(style.renderer))) }
            return .element(Element("maplayer", [("type", "vector"), ("geometry", qgisGeometry(layer.geometryType))], children: children))
        }
        let paths = Element("properties", children: [.element(Element("Paths", children: [.element(Element("Absolute", [("type", "bool")], text: "false"))]))])
        let root = Element("qgis", [("projectname", "BorderPlan"), ("version", "3.22.0")], children: [
            .element(Element("title", text: "BorderPlan")),
            .element(Element("projectCrs", children: [.element(spatialRefSys())])),
            .element(Element("layer-tree-group", children: tree)),
            .element(Element("projectlayers", children: mapLayers)),
            .element(paths),
        ])
        return StyleXML.document(root)
    }

    static func spatialRefSys() -> Element {
        Element("spatialrefsys", children: [.element(Element("authid", text: "EPSG:4326")), .element(Element("srid", text: "4326")),
                                            .element(Element("geographicflag", text: "true"))])
    }

    static func srs() -> Element { Element("srs", children: [.element(spatialRefSys())]) }
}
