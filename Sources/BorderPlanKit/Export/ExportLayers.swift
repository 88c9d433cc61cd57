import Foundation
import Geo

/// A typed attribute column of an exported layer.
public struct ExportColumn: Sendable {
    /// `date`: a complete date, ISO 8601 `YYYY-MM-DD` text in GeoJSON and CSV, a GeoPackage DATE.
    public enum Kind: String, Sendable { case text = "TEXT", integer = "INTEGER", real = "REAL", boolean = "BOOLEAN", date = "DATE" }
    public var name: String
    public var kind: Kind

    public init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

/// One layer to export: a name, one geometry type, typed columns and features whose
/// properties follow the columns in order.
public struct ExportLayer {
    public var name: String
    public var description: String
    /// GeoPackage geometry type name: POINT, LINESTRING, MULTILINESTRING, MULTIPOLYGON, or GEOMETRY (mixed).
    public var geometryType: String
    public var columns: [ExportColumn]
    public var features: [OutputFeature]
}

/// An attribute-only table (no geometry): one many-valued fact per row, one value per cell,
/// joined to a layer by its key column (a GeoPackage table of data_type 'attributes', a CSV file).
public struct ExportTable: Sendable {
    public var name: String
    public var description: String
    public var columns: [ExportColumn]
    public var rows: [[JSONValue]]
}

/// The layers `export` writes, in their order in the GeoPackage and the report.
/// `communes`: every commune with its covered population; `plan`: the chosen options of a plan.
public enum ExportLayerKind: String, ClosedSet {
    case wilayas, neighbours, borders, crossings, catchments, coverage, gaps, places, projects, communes, plan
}

/// Builds the export layers from one analysis run (coverage at R, optional scenario).
public struct ExportLayerBuilder {
    public static let allLayers = ExportLayerKind.allCases

    public let data: AnalysisData
    public let coverage: CoverageResult
    public let sites: [Site]
    public let service: Service
    public let radiusKm: Double
    /// The language of the `name` field (`name_ar`, `name_fr` and `name_en` are always there).
    public let language: Language
    /// The plan whose chosen options make the `plan` layer (nil: no plan layer).
    public let plan: PlanResult?

    public init(data: AnalysisData, coverage: CoverageResult, sites: [Site], service: Service, radiusKm: Double, language: Language = .en,
                plan: PlanResult? = nil) {
        self.data = data
        self.coverage = coverage
        self.sites = sites
        self.service = service
        self.radiusKm = radiusKm
        self.language = language
        self.plan = plan
    }

    /// Every layer this builder can make: all of them, less `plan` when it was given no plan.
    public var defaultLayers: [ExportLayerKind] { plan == nil ? Self.allLayers.filter { $0 != .plan } : Self.allLayers }

    /// The layers in `kinds` (`defaultLayers` when nil), in the order of `allLayers`.
    public func layers(_ kinds: [ExportLayerKind]? = nil) throws -> [ExportLayer] {
        try Self.allLayers.filter((kinds ?? defaultLayers).contains).map { kind in
            switch kind {
            case .wilayas: return try wilayas()
            case .neighbours: return try neighbours()
            case .borders: return try borders()
            case .crossings: return try crossings()
            case .catchments: return try catchments()
            case .coverage: return try coverageLayer()
            case .gaps: return try gaps()
            case .places: return try places()
            case .projects: return try projects()
            case .communes: return try communesLayer()
            case .plan: return try planLayer()
            }
        }
    }

    /// `value` typed as its column: Real columns always write a decimal point, Integer columns
    /// whole numbers, so GeoJSON readers and the GeoPackage agree on every field's type.
    static func typed(_ value: JSONValue, _ kind: ExportColumn.Kind) -> JSONValue {
        switch (kind, value) {
        case let (.real, .number(number, decimals)): return .real(number, decimals: decimals)
        case let (.real, .int(number)): return .real(Double(number), decimals: 0)
        case let (.integer, .number(number, _)), let (.integer, .real(number, _)): return number.isFinite ? .int(Int(number.rounded())) : .null
        default: return value
        }
    }

    private static func member(_ column: ExportColumn, _ value: JSONValue) -> JSONMember { JSONMember(column.name, typed(value, column.kind)) }

    static func layer(_ name: String, _ description: String, _ type: String, _ columns: [ExportColumn],
                       _ rows: [(id: String, geometry: Geometry, values: [JSONValue])]) throws -> ExportLayer {
        ExportLayer(name: name, description: description, geometryType: type, columns: columns, features: try rows.map { row in
            precondition(row.values.count == columns.count, "layer \(name): \(row.values.count) values for \(columns.count) columns")
            let geometry = type.hasPrefix("MULTI") ? try row.geometry.promotedToMulti() : row.geometry
            return OutputFeature(id: row.id, geometry: geometry, properties: zip(columns, row.values).map { member($0, $1) })
        })
    }

    func wilayas() throws -> ExportLayer {
        let byCode = Dictionary(uniqueKeysWithValues: coverage.wilayas.map { ($0.code, $0) })
        let columns: [ExportColumn] = [
            .init("code", .text), .init("name", .text), .init("name_ar", .text), .init("name_fr", .text), .init("name_en", .text), .init("area_km2", .real),
            .init("parent", .text), .init("created", .text), .init("border_wilaya", .boolean), .init("land_border_km", .real),
            .init("covered_area_km2", .real), .init("area_pct", .real), .init("population", .integer), .init("covered_population", .integer),
            .init("population_pct", .real), .init("covered_border_km", .real), .init("border_pct", .real),
            .init("nearest_crossing", .text), .init("nearest_crossing_km", .real),
        ]
        return try layer("wilayas", "The 69 wilayas (official codes), with coverage at \(formatNumber(radiusKm, decimals: 3)) km for the border wilayas; population: \(data.demandModel.summary)", "MULTIPOLYGON", columns,
                         data.wilayas.map { wilaya in
            let c = byCode[wilaya.code]
            return (wilaya.code, wilaya.geometry, [
                .string(wilaya.code), .string(wilaya.name(language)), .string(wilaya.nameAR), .string(wilaya.nameFR), .string(wilaya.nameEN),
                .number(wilaya.areaKm2, decimals: 3), .optional(wilaya.parent), .optional(wilaya.created), .bool(c != nil), .rounded(c?.borderKm, 3),
                .rounded(c?.coveredAreaKm2, 3), .rounded(c?.areaPercent, 2), c.map { .int($0.population) } ?? .null,
                c.map { .int($0.coveredPopulation) } ?? .null, .rounded(c?.populationPercent, 2),
                .rounded(c?.coveredBorderKm, 3), .rounded(c?.borderPercent, 2),
                .optional(c?.nearestCrossing?.id), .rounded(c?.nearestCrossing?.distanceKm, 3),
            ])
        })
    }

    func neighbours() throws -> ExportLayer {
        let columns: [ExportColumn] = [.init("iso2", .text), .init("name", .text), .init("name_ar", .text), .init("name_fr", .text), .init("name_en", .text)]
        return try layer("neighbours", "Algeria's seven land neighbours (Natural Earth), clipped to ~300 km", "MULTIPOLYGON", columns,
                         data.geodata.neighbours().map { ($0.iso2.rawValue, $0.geometry, [.string($0.iso2.rawValue), .string($0.name(language)), .string($0.nameAR), .string($0.nameFR), .string($0.nameEN)]) })
    }

    func borders() throws -> ExportLayer {
        let columns: [ExportColumn] = [
            .init("country", .text), .init("kind", .text), .init("name", .text), .init("name_ar", .text), .init("name_fr", .text), .init("name_en", .text),
            .init("length_km", .real), .init("covered_km", .real), .init("covered_pct", .real), .init("gap_km", .real), .init("gaps", .integer),
        ]
        return try layer("borders", "The seven land borders and the coast, with coverage at \(formatNumber(radiusKm, decimals: 3)) km", "MULTILINESTRING", columns,
                         data.geodata.borders().map { border in
            let gaps = coverage.gaps.filter { $0.border == border.country }
            let gapKm = gaps.reduce(0) { $0 + $1.lengthKm }
            let covered = border.isCoast ? nil : border.lengthKm - gapKm
            return (border.country?.rawValue ?? "coast", border.geometry, [
                .optional(border.country?.rawValue), .string(border.isCoast ? "coast" : "land"), .string(border.name(language)), .string(border.nameAR), .string(border.nameFR), .string(border.nameEN),
                .number(border.lengthKm, decimals: 3), .rounded(covered, 3), .rounded(covered.map { $0 / border.lengthKm * 100 }, 2),
                border.isCoast ? .null : .number(gapKm, decimals: 3), border.isCoast ? .null : .int(gaps.count),
            ])
        })
    }

    func crossings() throws -> ExportLayer {
        let columns: [ExportColumn] = [
            .init("id", .text), .init("name", .text), .init("name_ar", .text), .init("name_fr", .text), .init("name_en", .text), .init("partner", .text),
            .init("kind", .text), .init("border", .text), .init("wilaya", .text), .init("status", .text), .init("open", .boolean), .init("hypothetical", .boolean),
            .init("status_note", .text), .init("status_note_ar", .text), .init("status_note_fr", .text), .init("status_note_en", .text), .init("official", .boolean), .init("precision_km", .real), .init("km_to_border", .real),
            .init("algerian_town", .text), .init("partner_town", .text), .init("document_partner", .text),
            .init("last_event", .text), .init("last_event_date", .text), .init("last_event_date_precision", .text), .init("last_event_day", .date),
        ]
        let context = data.context
        return try layer("crossings", "Border crossings: status, computed wilaya and border, projects and committees", "POINT", columns, sites.map { site in
            let crossing = data.knowledge.crossing(id: site.id)
            let links = try crossing.map { try data.linker.links(for: $0) }
            let wilaya = try links?.wilaya?.code ?? data.linker.wilaya(at: site.location)?.code
            let last = crossing?.history.max { (PartialDate($0.date) ?? PartialDate(year: 1800)) < (PartialDate($1.date) ?? PartialDate(year: 1800)) }
            let lastDate = last.flatMap { PartialDate($0.date) }
            return (site.id, try Geometry.point(site.location, in: context), [
                .string(site.id), .string(crossing?.name(language) ?? site.name), .string(crossing?.nameAR ?? site.name), .string(crossing?.nameFR ?? site.name), .string(crossing?.nameEN ?? site.name),
                .string(site.partner.rawValue), .optional(crossing?.kind.rawValue), .optional(links?.border?.rawValue), .optional(wilaya), .string(site.status.rawValue), .bool(service.serves(site)),
                .bool(site.hypothetical), .optional(crossing.flatMap { Localizer(language).dataText($0.statusNote) }),
                .optional(crossing?.statusNote?.ar), .optional(crossing?.statusNote?.fr), .optional(crossing?.statusNote?.en), crossing.map { .bool($0.official) } ?? .null,
                .rounded(crossing?.precisionKm, 1), .rounded(links?.kmToBorder, 3), .optional(crossing?.algerianTown), .optional(crossing?.partnerTown),
                .optional(crossing?.documentPartner?.rawValue), .optional(last?.event.rawValue), .optional(last?.date),
                .optional(lastDate.map(Self.precision)), .optional(lastDate.flatMap(Self.completeDate)),
            ])
        })
    }

    func catchments() throws -> ExportLayer {
        let columns: [ExportColumn] = [.init("crossing", .text), .init("status", .text), .init("open", .boolean), .init("radius_km", .real),
                                       .init("area_km2", .real), .init("population", .integer), .init("places", .integer)]
        let discs = try data.clippedDiscs(sites.map { (center: $0.location, radiusKm: radiusKm) }, geometries: true)
        return try layer("catchments", "Geodesic disc of \(formatNumber(radiusKm, decimals: 3)) km around every crossing, clipped to Algeria", "MULTIPOLYGON", columns,
                         zip(sites, discs).map { site, disc in
            let places = data.placeGrid.within(radiusKm, of: site.location)
            let population = places.reduce(0) { $0 + data.places[$1].population }
            return (site.id, try Geometry(wkb: disc.wkb, context: data.context), [
                .string(site.id), .string(site.status.rawValue), .bool(service.serves(site)), .number(radiusKm, decimals: 3),
                .number(disc.areaKm2, decimals: 3), .int(population), .int(places.count)])
        })
    }

    func coverageLayer() throws -> ExportLayer {
        let columns: [ExportColumn] = [.init("code", .text), .init("name", .text), .init("covered_area_km2", .real), .init("area_pct", .real)]
        return try layer("coverage", "Covered part of each border wilaya at \(formatNumber(radiusKm, decimals: 3)) km", "MULTIPOLYGON", columns,
                         coverage.wilayas.compactMap { w in
            guard let wilaya = data.wilaya(w.code) else { return nil }
            let covered = try w.coveredGeometry ?? Geometry.empty(.multiPolygon, in: data.context)
            return (w.code, covered, [.string(w.code), .string(wilaya.name(language)), .number(w.coveredAreaKm2, decimals: 3), .number(w.areaPercent, decimals: 2)])
        })
    }

    func gaps() throws -> ExportLayer {
        let columns: [ExportColumn] = [.init("id", .text), .init("border", .text), .init("length_km", .real)]
        return try layer("gaps", "Land-border stretches farther than \(formatNumber(radiusKm, decimals: 3)) km from every open crossing", "LINESTRING", columns,
                         coverage.gaps.enumerated().map { index, gap in
            (Self.gapID(gap, index), gap.geometry, [.string(Self.gapID(gap, index)), .string(gap.border.rawValue), .number(gap.lengthKm, decimals: 3)])
        })
    }

    /// The projects: a road's line or a zone's point when the file has one, else the point of the
    /// project's crossing (GeoPackage type GEOMETRY: points and lines in one table).
    func projects() throws -> ExportLayer {
        let columns: [ExportColumn] = [.init("id", .text), .init("crossing", .text), .init("kind", .text), .init("phase", .text),
                                       .init("percent_complete", .real), .init("aim", .text), .init("cost", .text)]
        let file = KnowledgeBase.projectsFile
        return try layer("projects", "Upgrade and creation projects: posts, roads and free zones", "GEOMETRY", columns,
                         data.knowledge.projects.compactMap { project in
            let geometry: Geometry
            if let shape = try project.shape(file: file) {
                geometry = try shape.geometry(in: data.context)
            } else if let crossing = data.knowledge.crossing(id: project.crossing) {
                geometry = try Geometry.point(crossing.location, in: data.context)
            } else {
                return nil  // a project naming no known crossing: `validate` reports it
            }
            return (project.id, geometry, [
                .string(project.id), .string(project.crossing), .string(project.kind.rawValue), .string(project.phase.rawValue),
                .rounded(project.percentComplete, 1), .string(project.aim), project.cost.map { .string(costText($0)) } ?? .null,
            ])
        })
    }

    func places() throws -> ExportLayer {
        let columns: [ExportColumn] = [.init("geonameid", .integer), .init("name", .text), .init("name_ar", .text), .init("population", .integer),
                                       .init("wilaya", .text), .init("covered", .boolean)]
        let covered = coverage.coveredPlaces
        return try layer("places", "GeoNames populated places (CC BY 4.0)", "POINT", columns, data.places.enumerated().map { index, place in
            (String(place.id), try Geometry.point(place.location, in: data.context), [
                .int(place.id), .string(place.name), .optional(place.nameAR), .int(place.population), .string(place.wilaya),
                .bool(covered.contains(index)),
            ])
        })
    }
}
