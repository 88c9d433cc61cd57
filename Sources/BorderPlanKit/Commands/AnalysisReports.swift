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
    public static func render(from a: Endpoint, to b: Endpoint, format: OutputFormat) -> String {
        let line = Geodesic.wgs84.inverse(from: a.location, to: b.location)
        if format == .json {
            return JSONValue.object([
                "from": a.json, "to": b.json,
                "distance_km": .number(line.distance / 1_000, decimals: 3),
                "azimuth_deg": .number(line.azimuth, decimals: 6),
                "back_azimuth_deg": .number(line.backAzimuth, decimals: 6),
            ]).prettySerialized() + "\n"
        }
        return Table(title: format == .table ? "Geodesic distance on WGS84 (Karney, PROJ geodesic.h)" : nil,
                     columns: [.init("from"), .init("to"), .init("distance (km)", numeric: true), .init("azimuth (°)", numeric: true), .init("back azimuth (°)", numeric: true)],
                     rows: [["\(a.name) [\(a.kind)]", "\(b.name) [\(b.kind)]", formatFixed(line.distance / 1_000, decimals: 3),
                             formatFixed(line.azimuth, decimals: 4), formatFixed(line.backAzimuth, decimals: 4)]]).render(format)
    }
}

/// `borderplan distances --from-crossings`.
public enum DistanceMatrixReport {
    public static func render(_ data: AnalysisData, sites: [Site], service: Service, format: OutputFormat, language: Language) throws -> String {
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
        let matrixTable = Table(title: format == .table ? "Crossing-to-crossing geodesic distances (km)" : nil,
                                columns: [.init("from \\ to")] + sites.map { .init($0.id, numeric: true) },
                                rows: sites.indices.map { i in [sites[i].id] + sites.indices.map { j in formatFixed(matrix[i][j], decimals: 0) } })
        let townTable = Table(title: format == .table ? "Border wilayas: main town to the nearest crossing serving \(service)" : nil,
                              columns: [.init("code"), .init("wilaya"), .init("main town"), .init("nearest open crossing"), .init("distance (km)", numeric: true)],
                              rows: towns.map { entry in
                                  [entry.code, data.wilaya(entry.code)?.name(language) ?? "", entry.town?.name ?? "—",
                                   entry.nearest?.0.id ?? "—", entry.nearest.map { formatFixed($0.1, decimals: 1) } ?? "—"]
                              })
        return matrixTable.render(format) + "\n" + townTable.render(format)
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

    public static func render(_ result: Result, data: AnalysisData, format: OutputFormat, language: Language) -> String {
        if format == .json {
            return JSONValue.object([
                "crossing": .string(result.site.id), "radius_km": .rounded(result.radiusKm, 3), "mode": .string(result.mode.rawValue),
                "area_km2": .number(result.areaKm2, decimals: 1),
                "wilayas": .array(result.wilayas.map { .object(["code": .string($0.code), "area_km2": .number($0.areaKm2, decimals: 1)]) }),
                "population": .int(result.population),
                "places": .array(result.places.map { .object(["geonameid": .int($0.id), "name": .string($0.name), "population": .int($0.population), "wilaya": .string($0.wilaya)]) }),
            ]).prettySerialized() + "\n"
        }
        let what = result.mode == .disc ? "geodesic disc of \(formatNumber(result.radiusKm ?? 0, decimals: 3)) km"
            : "service area (closer than to any other open crossing\(result.radiusKm.map { ", capped at \(formatNumber($0, decimals: 3)) km" } ?? ""))"
        let rows = result.wilayas.map { part -> [String] in
            let places = result.places.filter { $0.wilaya == part.code }
            return [part.code, data.wilaya(part.code)?.name(language) ?? "", formatFixed(part.areaKm2, decimals: 1), String(places.count), String(places.reduce(0) { $0 + $1.population })]
        }
        return Table(title: format == .table ? "\(result.site.name) [\(result.site.id)]: \(what), clipped to Algeria" : nil,
                     columns: [.init("code"), .init("wilaya"), .init("area (km²)", numeric: true), .init("places", numeric: true), .init("population", numeric: true)],
                     rows: rows, footer: ["", "total", formatFixed(result.areaKm2, decimals: 1), String(result.places.count), String(result.population)],
                     notes: format == .table ? ["Areas geodesic on WGS84; population: GeoNames places (see geodata/PROVENANCE.md)."] : []).render(format)
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

    public static func render(_ result: CoverageResult, data: AnalysisData, format: OutputFormat, language: Language) -> String {
        if format == .json { return json(result, data: data, language: language).prettySerialized() + "\n" }
        func pct(_ value: Double?) -> String { value.map { formatFixed($0, decimals: 1) } ?? "—" }
        let rows = result.wilayas.map { w -> [String] in
            [w.code, data.wilaya(w.code)?.name(language) ?? "", w.borders.map { "\($0.country) \(formatFixed($0.km, decimals: 1))" }.joined(separator: ", "),
             formatFixed(w.areaKm2, decimals: 0), formatFixed(w.coveredAreaKm2, decimals: 0), pct(w.areaPercent),
             String(w.population), String(w.coveredPopulation), pct(w.populationPercent),
             formatFixed(w.borderKm, decimals: 1), formatFixed(w.coveredBorderKm, decimals: 1), pct(w.borderPercent),
             w.nearestCrossing.map { "\($0.id) \(formatFixed($0.distanceKm, decimals: 0))" } ?? "—"]
        }
        let area = result.wilayas.reduce(0) { $0 + $1.areaKm2 }, coveredArea = result.wilayas.reduce(0) { $0 + $1.coveredAreaKm2 }
        let population = result.wilayas.reduce(0) { $0 + $1.population }, coveredPopulation = result.wilayas.reduce(0) { $0 + $1.coveredPopulation }
        let border = result.wilayas.reduce(0) { $0 + $1.borderKm }, coveredBorder = result.wilayas.reduce(0) { $0 + $1.coveredBorderKm }
        let table = Table(
            title: format == .table ? "Coverage of the border wilayas at \(formatNumber(result.radiusKm, decimals: 3)) km by the \(result.open.count) crossings serving \(result.service) (open, permanent); \(data.demandModel.summary)" : nil,
            columns: [.init("code"), .init("wilaya"), .init("borders (km)"), .init("area (km²)", numeric: true), .init("covered (km²)", numeric: true), .init("area (%)", numeric: true),
                      .init("population", numeric: true), .init("covered pop.", numeric: true), .init("pop. (%)", numeric: true),
                      .init("border (km)", numeric: true), .init("covered (km)", numeric: true), .init("border (%)", numeric: true), .init("nearest open crossing (km)")],
            rows: rows,
            footer: ["", "\(result.wilayas.count) wilayas", "", formatFixed(area, decimals: 0), formatFixed(coveredArea, decimals: 0), pct(area > 0 ? coveredArea / area * 100 : nil),
                     String(population), String(coveredPopulation), pct(population > 0 ? Double(coveredPopulation) / Double(population) * 100 : nil),
                     formatFixed(border, decimals: 1), formatFixed(coveredBorder, decimals: 1), pct(border > 0 ? coveredBorder / border * 100 : nil), ""],
            notes: format == .markdown ? ["Population: \(data.demandModel.summary)."] : [])
        let gaps = Table(title: format == .table ? "Gaps: border stretches farther than \(formatNumber(result.radiusKm, decimals: 3)) km from every open crossing" : nil,
                         columns: [.init("border"), .init("length (km)", numeric: true), .init("wilayas")],
                         rows: result.gaps.map { [$0.border.rawValue, formatFixed($0.lengthKm, decimals: 1), $0.wilayas.map { "\($0) \(data.wilaya($0)?.name(language) ?? "")" }.joined(separator: ", ")] },
                         footer: ["\(result.gaps.count) gaps", formatFixed(result.gaps.reduce(0) { $0 + $1.lengthKm }, decimals: 1), ""])
        return table.render(format) + "\n" + gaps.render(format)
    }
}
