import BorderPlanKit
import Foundation
import Geo

// The benchmark workload of `make bench`: the same stages and figures as Benchmarks/peer.py.
//   borderplan-bench --data geodata --out OUTDIR --runs N --json RESULT.json

func argument(_ name: String, default value: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    return arguments[index + 1]
}

if CommandLine.arguments.dropFirst().first == "roads" {
    do {
        try RoadsBench.run(out: URL(fileURLWithPath: argument("--out", default: "out/bench/roads")),
                           runs: max(1, Int(argument("--runs", default: "3")) ?? 3), side: max(10, Int(argument("--side", default: "1414")) ?? 1414))
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("borderplan-bench roads: \(error)\n".utf8))
        exit(1)
    }
}

let dataDirectory = URL(fileURLWithPath: argument("--data", default: "geodata"))
let outDirectory = URL(fileURLWithPath: argument("--out", default: "out/bench-swift"))
let runs = max(1, Int(argument("--runs", default: "5")) ?? 5)
let resultFile = URL(fileURLWithPath: argument("--json", default: "out/bench-swift.json"))
let radii: [Double] = [50, 100, 200]
let stageNames = ["load", "outline_borders", "catchments", "coverage", "plan", "exports", "report"]

var timings: [String: [Double]] = [:]
var figures: [JSONMember] = []

@MainActor func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    timings[stage, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    return value
}

func km(_ value: Double, _ decimals: Int = 3) -> JSONValue { .number(value, decimals: decimals) }

do {
    for run in 0..<runs {
        let last = run == runs - 1
        let data = try timed("load") { () throws -> AnalysisData in
            let data = try AnalysisData(directory: dataDirectory, demandModel: .places)  // the Python peer counts GeoNames places
            _ = try data.geodata.borders()
            _ = try data.geodata.neighbours()
            return data
        }
        let context = data.context

        // Outline and borders from the wilayas and the neighbours.
        let (outlineArea, borderKm, coastKm) = try timed("outline_borders") { () throws -> (Double, [String: Double], Double) in
            let neighbours = try data.geodata.neighbours().map { (iso2: $0.iso2.rawValue, geometry: $0.geometry) }
            guard let outline = try CoverageOutline.build(data.wilayas.map(\.geometry), context: context) else {
                throw DataError(file: "wilayas.geojson", "the wilayas are not a clean coverage")
            }
            let rings = try BorderDerivation.classify(outline, neighbours: neighbours, wilayaCodes: data.wilayas.map(\.code))
            var lengths: [String: Double] = [:]
            var coast = 0.0
            for edge in rings.joined() {
                if let country = edge.country?.rawValue { lengths[country, default: 0] += edge.length / 1_000 } else { coast += edge.length / 1_000 }
            }
            return (try Geodesic.wgs84.area(of: outline.geometry) / 1e6, lengths, coast)
        }

        // Catchments: every crossing at every radius, clipped to Algeria.
        let sites = Scenario.sites(data.knowledge, scenario: nil)
        let catchments = try timed("catchments") { () throws -> [Double: [String: Double]] in
            let requests = radii.flatMap { radius in sites.map { (center: $0.location, radiusKm: radius) } }
            let discs = try data.clippedDiscs(requests)
            var result: [Double: [String: Double]] = [:]
            for (index, disc) in discs.enumerated() {
                result[requests[index].radiusKm, default: [:]][sites[index % sites.count].id] = disc.areaKm2
            }
            return result
        }

        // Coverage at the three radii.
        let coverages = try timed("coverage") {
            try radii.map { try CoverageAnalysis(data: data).run(sites: sites, service: .default, radiusKm: $0) }
        }

        // Plan K = 1, 2, 3 at 100 km, population.
        let plans = try timed("plan") {
            try (1...3).map { k -> PlanResult in
                var request = PlanRequest(radiusKm: 100, k: k)
                request.maxSeconds = 60
                return try Planner.run(request, data: data)
            }
        }

        // Exports.
        try timed("exports") {
            let layers = try ExportLayerBuilder(data: data, coverage: coverages[1], sites: sites, service: .default, radiusKm: 100).layers()
            let exports = outDirectory.appendingPathComponent("exports")
            try Exporter.write(layers, format: .geojson, to: exports)
            try Exporter.write(layers, format: .gpkg, to: exports.appendingPathComponent("borderplan.gpkg"))
        }

        // The whole report, end to end (load included).
        try timed("report") {
            let fresh = try AnalysisData(directory: dataDirectory)
            var options = ReportOptions()
            options.excludePartners = []
            try makeReportBuilder(data: fresh, options: options).write(to: outDirectory.appendingPathComponent("report"))
        }

        if last {
            figures.append(JSONMember("outline_area_km2", km(outlineArea, 3)))
            figures.append(JSONMember("border_km", .object(GeodataValidation.neighbourCodes.map { JSONMember($0, km(borderKm[$0] ?? 0)) })))
            figures.append(JSONMember("coast_km", km(coastKm)))
            figures.append(JSONMember("catchment_km2", .object(radii.map { radius in
                JSONMember(formatNumber(radius, decimals: 0), .object(sites.map { JSONMember($0.id, km(catchments[radius]?[$0.id] ?? 0)) }))
            })))
            figures.append(JSONMember("coverage", .object(zip(radii, coverages).map { radius, coverage in
                JSONMember(formatNumber(radius, decimals: 0), .object([
                    "covered_area_km2": .object(coverage.wilayas.map { JSONMember($0.code, km($0.coveredAreaKm2)) }),
                    "covered_population": .object(coverage.wilayas.map { JSONMember($0.code, .int($0.coveredPopulation)) }),
                    "covered_border_km": .object(coverage.wilayas.map { JSONMember($0.code, km($0.coveredBorderKm)) }),
                    "gap_km": .object(GeodataValidation.neighbourCodes.map { country in
                        JSONMember(country, km(coverage.gaps.filter { $0.border.rawValue == country }.reduce(0) { $0 + $1.lengthKm }))
                    }),
                ]))
            })))
            figures.append(JSONMember("plan", .object(plans.map { plan in
                JSONMember(String(plan.request.k), .object(["covered_after": km(plan.coveredAfter, 0),
                                                             "selected": .array(plan.selected.map(\.site.id).sorted().map(JSONValue.string)),
                                                             "optimal": .bool(plan.optimal)]))
            })))
        }
        FileHandle.standardError.write(Data("swift run \(run + 1)/\(runs): \(stageNames.map { "\($0) \(String(format: "%.3f", timings[$0]?.last ?? 0))" }.joined(separator: ", "))\n".utf8))
    }
    let result = JSONValue.object([
        "tool": "swift",
        "versions": .object(["borderplan": .string(borderPlanVersion), "geos": .string(LibraryVersions.geos), "proj": .string(LibraryVersions.proj)]),
        "runs": .int(runs),
        "stages": .object(stageNames.map { JSONMember($0, .array((timings[$0] ?? []).map { .number($0, decimals: 6) })) }),
        "figures": .object(figures),
    ])
    try writeAtomically(result.prettySerialized() + "\n", to: resultFile)
} catch {
    FileHandle.standardError.write(Data("borderplan-bench: \(error)\n".utf8))
    exit(1)
}
