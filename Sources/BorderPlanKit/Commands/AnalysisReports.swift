import Foundation
import Geo

/// One end of `borderplan distance`: a crossing, a wilaya (its main town), a place or a point.
public struct Endpoint {
    public var input: String
    public var kind: String
    public var id: String?
    public var name: String
    public var location: Coordinate

    var json: JSONValue {
        .object(["input": .string(input), "kind": .string(kind), "id": .optional(id), "name": .string(name),
                 "lat": .number(location.lat, decimals: 6), "lon": .number(location.lon, decimals: 6)])
    }

    /// Resolves "debdeb", "33", "Illizi", "Tamanrasset" (a place), or "30.0,9.45" (lat,lon).
    public static func resolve(_ text: String, data: AnalysisData, language: Language) throws -> Endpoint {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let numbers = trimmed.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        if numbers.count == 2, let lat = numbers[0], let lon = numbers[1] {
            guard lat.isFinite, abs(lat) <= 90, lon.isFinite, abs(lon) <= 180 else {
                throw UnknownIdentifier(kind: "point (lat,lon in degrees)", id: text, closest: [])
            }
            return Endpoint(input: text, kind: "point", id: nil, name: "\(formatNumber(lat, decimals: 6)), \(formatNumber(lon, decimals: 6))", location: Coordinate(lon: lon, lat: lat))
        }
        if let crossing = data.knowledge.crossing(id: trimmed) {
            return Endpoint(input: text, kind: "crossing", id: crossing.id, name: crossing.name(language), location: crossing.location)
        }
        let folded = foldName(trimmed)
        if let wilaya = data.wilayas.first(where: { $0.code == trimmed || $0.code == "0" + trimmed || [$0.nameAR, $0.nameFR, $0.nameEN].contains { foldName($0) == folded } }),
           let town = try data.mainTown(of: wilaya.code) {
            return Endpoint(input: text, kind: "wilaya", id: wilaya.code, name: "\(wilaya.name(language)) (\(town.name))", location: town.location)
        }
        let places = data.places.filter { foldName($0.name) == folded || $0.nameAR.map { foldName($0) == folded } == true }
        if let place = places.max(by: { ($0.population, -$0.id) < ($1.population, -$1.id) }) {
            return Endpoint(input: text, kind: "place", id: String(place.id), name: place.name, location: place.location)
        }
        let candidates = data.knowledge.crossings.map(\.id) + data.wilayas.map(\.nameEN) + data.places.map(\.name)
        throw UnknownIdentifier(kind: "crossing, wilaya, place or lat,lon", id: text, closest: closestMatches(to: text, among: candidates))
    }
}

/// `borderplan distance A B`.
public enum DistanceReport {
    public static func render(from a: Endpoint, to b: Endpoint, format: OutputFormat, language: Language = .en, wide: Bool = false) -> String {
        let l = Localizer(language)
        let line = Geodesic.wgs84.inverse(from: a.location, to: b.location)
        if format == .json {
            return JSONValue.object([
                "from": a.json, "to": b.json,
                "distance_km": .number(line.distance / 1_000, decimals: 3),
                "azimuth_deg": .number(line.azimuth, decimals: 6),
                "back_azimuth_deg": .number(line.backAzimuth, decimals: 6),
            ]).prettySerialized() + "\n"
        }
        return Table(title: format == .table ? l.text("commands.distance.title") : nil,
                     columns: [.init(l, "tables.from"), .init(l, "tables.to"), .init(l, "tables.distance_km", numeric: true),
                               .init(l, "tables.azimuth_deg", numeric: true), .init(l, "tables.back_azimuth_deg", numeric: true, priority: 1)],
                     rows: [["\(a.name) [\(a.kind)]", "\(b.name) [\(b.kind)]", formatFixed(line.distance / 1_000, decimals: 3),
                             formatFixed(line.azimuth, decimals: 4), formatFixed(line.backAzimuth, decimals: 4)]]).render(format, l, wide: wide)
    }
}

/// `borderplan distances --from-crossings`.
public enum DistanceMatrixReport {
    public static func render(_ data: AnalysisData, sites: [Site], service: Service, format: OutputFormat, language: Language, wide: Bool = false) throws -> String {
        let matrix = sites.map { a in sites.map { b in Geodesic.wgs84.distance(a.location, b.location) / 1_000 } }
        let openSites = data.servingSites(sites, service)
        let towns = try data.borderWilayaCodes.map { code -> (code: String, town: MainTown?, nearest: (Site, Double)?) in
            let town = try data.mainTown(of: code)
            let nearest = town.flatMap { town in openSites.map { ($0, Geodesic.wgs84.distance(town.location, $0.location) / 1_000) }.min { ($0.1, $0.0.id) < ($1.1, $1.0.id) } }
            return (code, town, nearest)
        }
        if format == .json {
            return JSONValue.object([
                "crossings": .array(sites.map { .string($0.id) }),
                "matrix_km": .array(matrix.map { .array($0.map { .number($0, decimals: 3) }) }),
                "service": .string(service.rawValue),
                "border_wilayas": .array(towns.map { entry in
                    .object(["code": .string(entry.code), "name": .optional(data.wilaya(entry.code)?.name(language)),
                             "main_town": .optional(entry.town?.name),
                             "nearest_open_crossing": entry.nearest.map { .object(["id": .string($0.0.id), "distance_km": .number($0.1, decimals: 3)]) } ?? .null])
                }),
            ]).prettySerialized() + "\n"
        }
        let l = Localizer(language)
        let matrixTable = Table(title: format == .table ? l.text("commands.distances.matrixTitle") : nil,
                                columns: [.init(l, "tables.from_to")] + sites.indices.map { Table.Column(sites[$0].id, numeric: true, priority: $0 + 1) },
                                rows: sites.indices.map { i in [sites[i].id] + sites.indices.map { j in formatFixed(matrix[i][j], decimals: 0) } })
        let townTable = Table(title: format == .table ? l.text("commands.distances.townsTitle", ["service": l.name(service)]) : nil,
                              columns: [.init(l, "tables.code"), .init(l, "tables.wilaya"), .init(l, "tables.main_town"), .init(l, "tables.nearest_open_crossing"),
                                        .init(l, "tables.distance_km", numeric: true)],
                              rows: towns.map { entry in
                                  [entry.code, data.wilaya(entry.code)?.name(language) ?? "", entry.town?.name ?? "—",
                                   entry.nearest?.0.id ?? "—", entry.nearest.map { formatFixed($0.1, decimals: 1) } ?? "—"]
                              })
        return matrixTable.render(format, l, wide: wide) + "\n" + townTable.render(format, l, wide: wide)
    }
}

/// `borderplan catchment ID --radius R [--mode disc|nearest]`.
public enum CatchmentReport {
    public enum Mode: String, CaseIterable, Sendable { case disc, nearest }

    public struct Result {
        public var site: Site
        public var mode: Mode
        public var radiusKm: Double?
        public var geometry: Geometry
        public var wilayas: [(code: String, areaKm2: Double)]
        public var places: [Place]
        public var areaKm2: Double { wilayas.reduce(0) { $0 + $1.areaKm2 } }
        public var population: Int { places.reduce(0) { $0 + $1.population } }
    }

    public static func compute(_ data: AnalysisData, site: Site, sites: [Site], service: Service, radiusKm: Double?, mode: Mode) throws -> Result {
        let context = data.context
        let others = data.servingSites(sites, service).filter { $0.id != site.id }
        let zone: Geometry
        switch mode {
        case .disc:
            guard let radiusKm else { throw GeoError.invalidInput("--radius is required with --mode disc") }
            zone = try data.disc(center: site.location, radiusKm: radiusKm)
        case .nearest:
            zone = try data.catchments.serviceArea(of: site.location, others: others.map(\.location), capKm: radiusKm)
        }
        let parts = try data.splitByWilaya(zone)
        let clipped = parts.isEmpty ? try Geometry.empty(.multiPolygon, in: context) : try Geometry.union(of: parts.map(\.part), coverage: false, in: context)
        // Places: within R for a disc; nearer to this crossing than to any other open one (and within R) for a service area.
        let places = data.places.filter { place in
            let own = Geodesic.wgs84.distance(place.location, site.location)
            if let radiusKm, own > radiusKm * 1_000 { return false }
            guard mode == .nearest else { return true }
            return others.allSatisfy { Geodesic.wgs84.distance(place.location, $0.location) > own }
        }
        return Result(site: site, mode: mode, radiusKm: radiusKm, geometry: clipped, wilayas: parts.map { ($0.code, $0.areaKm2) }, places: places)
    }

    public static func render(_ result: Result, data: AnalysisData, format: OutputFormat, language: Language, wide: Bool = false) -> String {
        if format == .json {
            return JSONValue.object([
                "crossing": .string(result.site.id), "radius_km": .rounded(result.radiusKm, 3), "mode": .string(result.mode.rawValue),
                "area_km2": .number(result.areaKm2, decimals: 1),
                "wilayas": .array(result.wilayas.map { .object(["code": .string($0.code), "area_km2": .number($0.areaKm2, decimals: 1)]) }),
                "population": .int(result.population),
                "places": .array(result.places.map { .object(["geonameid": .int($0.id), "name": .string($0.name), "population": .int($0.population), "wilaya": .string($0.wilaya)]) }),
            ]).prettySerialized() + "\n"
        }
        let l = Localizer(language)
        let radius = l.kmUpTo(result.radiusKm ?? 0, decimals: 3)
        let what = result.mode == .disc ? l.text("commands.catchment.disc", ["radius": radius])
            : result.radiusKm == nil ? l.text("commands.catchment.area") : l.text("commands.catchment.areaCapped", ["radius": radius])
        let rows = result.wilayas.map { part -> [String] in
            let places = result.places.filter { $0.wilaya == part.code }
            return [part.code, data.wilaya(part.code)?.name(language) ?? "", formatFixed(part.areaKm2, decimals: 1), String(places.count), String(places.reduce(0) { $0 + $1.population })]
        }
        return Table(title: format == .table ? l.text("commands.catchment.title", ["name": result.site.name, "id": result.site.id, "what": what]) : nil,
                     columns: [.init(l, "tables.code"), .init(l, "tables.wilaya"), .init(l, "tables.area_km2", numeric: true), .init(l, "tables.places", numeric: true),
                               .init(l, "tables.population", numeric: true)],
                     rows: rows, footer: ["", l.text("tables.total"), formatFixed(result.areaKm2, decimals: 1), String(result.places.count), String(result.population)],
                     notes: format == .table ? [l.text("commands.catchment.note")] : []).render(format, l, wide: wide)
    }
}

/// `borderplan coverage --radius R`.
public enum CoverageReport {
    static func percent(_ value: Double?) -> JSONValue { .rounded(value, 2) }

    public static func json(_ result: CoverageResult, data: AnalysisData, language: Language) -> JSONValue {
        .object([
            "radius_km": .number(result.radiusKm, decimals: 3),
            "demand_model": .string(data.demandModel.rawValue),
            "service": .string(result.service.rawValue),
            "open": .array(result.open.map(JSONValue.string)),
            "wilayas": .array(result.wilayas.map { w in
                .object([
                    "code": .string(w.code), "name": .optional(data.wilaya(w.code)?.name(language)),
                    "borders": .array(w.borders.map { .string($0.country.rawValue) }),
                    "area_km2": .number(w.areaKm2, decimals: 1), "covered_area_km2": .number(w.coveredAreaKm2, decimals: 1), "area_pct": percent(w.areaPercent),
                    "population": .int(w.population), "covered_population": .int(w.coveredPopulation), "population_pct": percent(w.populationPercent),
                    "border_km": .number(w.borderKm, decimals: 1), "covered_border_km": .number(w.coveredBorderKm, decimals: 1), "border_pct": percent(w.borderPercent),
                    "nearest_crossing": w.nearestCrossing.map { .object(["id": .string($0.id), "distance_km": .number($0.distanceKm, decimals: 1)]) } ?? .null,
                ])
            }),
            "gaps": .array(result.gaps.map { gap in
                .object(["border": .string(gap.border.rawValue), "length_km": .number(gap.lengthKm, decimals: 1), "wilayas": .array(gap.wilayas.map(JSONValue.string))])
            }),
        ])
    }

    public static func render(_ result: CoverageResult, data: AnalysisData, format: OutputFormat, language: Language, wide: Bool = false) -> String {
        if format == .json { return json(result, data: data, language: language).prettySerialized() + "\n" }
        let l = Localizer(language)
        func pct(_ value: Double?) -> String { value.map { formatFixed($0, decimals: 1) } ?? "—" }
        let rows = result.wilayas.map { w -> [String] in
            [w.code, data.wilaya(w.code)?.name(language) ?? "", w.borders.map { "\($0.country.rawValue) \(formatFixed($0.km, decimals: 1))" }.joined(separator: ", "),
             formatFixed(w.areaKm2, decimals: 0), formatFixed(w.coveredAreaKm2, decimals: 0), pct(w.areaPercent),
             String(w.population), String(w.coveredPopulation), pct(w.populationPercent),
             formatFixed(w.borderKm, decimals: 1), formatFixed(w.coveredBorderKm, decimals: 1), pct(w.borderPercent),
             w.nearestCrossing?.id ?? "—", w.nearestCrossing.map { formatFixed($0.distanceKm, decimals: 0) } ?? "—"]
        }
        let area = result.wilayas.reduce(0) { $0 + $1.areaKm2 }, coveredArea = result.wilayas.reduce(0) { $0 + $1.coveredAreaKm2 }
        let population = result.wilayas.reduce(0) { $0 + $1.population }, coveredPopulation = result.wilayas.reduce(0) { $0 + $1.coveredPopulation }
        let border = result.wilayas.reduce(0) { $0 + $1.borderKm }, coveredBorder = result.wilayas.reduce(0) { $0 + $1.coveredBorderKm }
        let table = Table(
            title: format == .table ? l.text("commands.coverage.title", ["radius": l.kmUpTo(result.radiusKm, decimals: 3), "count": String(result.open.count),
                                                                         "service": l.name(result.service), "demand": l.demandSummary(data.demandModel)]) : nil,
            columns: [.init(l, "tables.code"), .init(l, "tables.wilaya"), .init(l, "tables.borders_km", measures: true, priority: 2),
                      .init(l, "tables.area_km2", numeric: true, priority: 4), .init(l, "tables.covered_km2", numeric: true, priority: 5),
                      .init(l, "tables.area_pct", numeric: true), .init(l, "tables.population", numeric: true), .init(l, "tables.covered_population", numeric: true, priority: 6),
                      .init(l, "tables.population_pct", numeric: true), .init(l, "tables.border_km", numeric: true, priority: 7),
                      .init(l, "tables.covered_border_km", numeric: true, priority: 8), .init(l, "tables.border_pct", numeric: true),
                      .init(l, "tables.nearest_open_crossing", priority: 3), .init(l, "tables.distance_km", numeric: true, priority: 3)],
            rows: rows,
            footer: ["", l.text("commands.wilayas.count", ["count": String(result.wilayas.count)]), "", formatFixed(area, decimals: 0), formatFixed(coveredArea, decimals: 0),
                     pct(area > 0 ? coveredArea / area * 100 : nil),
                     String(population), String(coveredPopulation), pct(population > 0 ? Double(coveredPopulation) / Double(population) * 100 : nil),
                     formatFixed(border, decimals: 1), formatFixed(coveredBorder, decimals: 1), pct(border > 0 ? coveredBorder / border * 100 : nil), "", ""],
            notes: format == .markdown ? [l.text("commands.coverage.population", ["demand": l.demandSummary(data.demandModel)])] : [])
        let gaps = Table(title: format == .table ? l.text("commands.coverage.gapsTitle", ["radius": l.kmUpTo(result.radiusKm, decimals: 3)]) : nil,
                         columns: [.init(l, "tables.border"), .init(l, "tables.length_km", numeric: true), .init(l, "tables.wilayas")],
                         rows: result.gaps.map { [l.name($0.border), formatFixed($0.lengthKm, decimals: 1), $0.wilayas.map { "\($0) \(data.wilaya($0)?.name(language) ?? "")" }.joined(separator: ", ")] },
                         footer: [l.text("commands.coverage.gapCount", ["count": String(result.gaps.count)]), formatFixed(result.gaps.reduce(0) { $0 + $1.lengthKm }, decimals: 1), ""])
        return table.render(format, l, wide: wide) + "\n" + gaps.render(format, l, wide: wide)
    }
}
