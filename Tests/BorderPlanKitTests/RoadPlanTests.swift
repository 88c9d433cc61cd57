import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// `plan --roads --minutes` and the road part of scenarios on a synthetic network on the
/// equator, where 0.1° of longitude is exactly L = a · 0.1 · π/180 = 11,131.949 m (a geodesic
/// along the equator is an arc of the circle of radius a), so every time is computed by hand.
///
/// The network: one primary road (way 101, 80 km/h) from A (0, 0) to B (0.3, 0) with a vertex at
/// (0.15, 0) that is no node. Off-road 10 km/h. Every real crossing is closed by the scenario;
/// two new sites compete: X at A, Y at (0.45, 0) off the road. Demand (a demand layer): P1 at B,
/// weight 100; P2 at (0.48, 0), weight 40.
///
/// Times (s = metres / (km/h ÷ 3.6)): X→P1 by road 3L / (80/3.6) = 0.135 L s = 25.05 min;
/// Y→P1 off-road to B 1.5 L / (10/3.6) = 0.54 L s = 100.19 min; Y→P2 off-road 0.3 L → 0.108 L s
/// = 20.04 min; X→P2: to B then 1.8 L off-road, 0.783 L s = 145.3 min (straight off-road 320.6 min).
/// Distances: Y is 16.70 km from P1 and 3.34 km from P2, X 33.40 km and 53.43 km.
@Suite(.serialized) struct RoadPlanTests {
    static let L = RoadNetworkTests.L
    static let roadJSON = """
    {"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"highway":"primary","osm_id":101},"geometry":{"type":"LineString","coordinates":[[0,0],[0.15,0],[0.3,0]]}}
    ]}
    """

    let data: AnalysisData
    let scratch: ScratchFolder
    let roads: RoadSetup

    init() throws {
        data = try AnalysisData(directory: geodataDirectory)
        scratch = try ScratchFolder()
        roads = RoadSetup(network: try RoadNetworkTests.network(scratch.url, json: Self.roadJSON).0, delays: EntryDelays())
    }

    /// Every real crossing closed; X and Y added as planned sites.
    func scenario() -> Scenario {
        func site(_ id: String, _ lon: Double) -> Site {
            Site(id: id, name: id, partner: .NE, location: Coordinate(lon: lon, lat: 0), status: .planned, hypothetical: true)
        }
        let closed = Dictionary(uniqueKeysWithValues: data.knowledge.crossings.map { ($0.id, CrossingStatus.closed) })
        return Scenario(name: "equator", statusOverrides: closed, additions: [site("x", 0), site("y", 0.45)])
    }

    func request(k: Int = 1, minutes: Double?, roads: RoadSetup? = nil, _ configure: (inout PlanRequest) -> Void = { _ in }) -> PlanRequest {
        var request = PlanRequest(radiusKm: 20, k: k)
        request.objective = .demand
        request.demand = [DemandPoint(location: Coordinate(lon: 0.3, lat: 0), weight: 100), DemandPoint(location: Coordinate(lon: 0.48, lat: 0), weight: 40)]
        request.scenario = scenario()
        request.source = .ids(["x", "y"])
        request.travel = minutes.map { TravelModel(roads: roads ?? self.roads, minutes: $0, speedsFile: "speeds.csv") }
        configure(&request)
        return request
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance * max(1, abs(b)) }

    /// Maximal covering, K = 1: within 20 km Y covers both points (140); within 30 min by road
    /// X covers P1 (25.05 min: 100) and Y only P2 (20.04 min: 40), so travel time picks X.
    @Test func travelTimeChangesTheMaximalCoveringChoice() throws {
        let byDistance = try Planner.run(request(minutes: nil), data: data)
        #expect(byDistance.selected.map(\.site.id) == ["y"] && byDistance.coveredAfter == 140)
        let byRoad = try Planner.run(request(minutes: 30), data: data)
        #expect(byRoad.selected.map(\.site.id) == ["x"] && byRoad.coveredAfter == 100 && byRoad.coveredBefore == 0)
        #expect(byRoad.optimal)
        #expect(Set(byRoad.singles.map { "\($0.id)=\($0.gain)" }) == ["x=100.0", "y=40.0"])
        // At 25 min P1 (25.05 min) is out of X's reach: X covers nothing, Y still P2.
        let tight = try Planner.run(request(minutes: 25), data: data)
        #expect(tight.selected.map(\.site.id) == ["y"] && tight.coveredAfter == 40)
        let json = PlanReport.json(byRoad).serialized()
        #expect(json.contains("\"radius_km\":null") && json.contains("\"minutes\":30") && json.contains("\"offroad_kmh\":10"))
    }

    /// Set covering: 100 % needs both sites in minutes (Y alone within 20 km); 50 % (70) X alone.
    @Test func setCoveringInMinutes() throws {
        let all = try Planner.run(request(minutes: 30) { $0.target = 1; $0.k = PlanLimits.add.upperBound }, data: data)
        #expect(Set(all.selected.map(\.site.id)) == ["x", "y"] && all.coveredAfter == 140 && all.target?.reachable == true)
        let half = try Planner.run(request(minutes: 30) { $0.target = 0.5; $0.k = PlanLimits.add.upperBound }, data: data)
        #expect(half.selected.map(\.site.id) == ["x"] && half.coveredAfter == 100)
        let byDistance = try Planner.run(request(minutes: nil) { $0.target = 1; $0.k = PlanLimits.add.upperBound }, data: data)
        #expect(byDistance.selected.map(\.site.id) == ["y"])
    }

    /// p-median, K = 1, times capped at 120 min (no open crossing: every point starts at 120):
    /// X gives 100 · 25.047 + 40 · 120 = 0.225 L + 4,800 = 7,304.69 weight·min; Y gives
    /// 100 · 100.19 + 40 · 20.04 = 0.972 L = 10,820.25. By distance Y wins (1,803 against 5,477 weight·km).
    @Test func pMedianMinimisesTravelTime() throws {
        let byRoad = try Planner.runDistance(request(minutes: 120) { $0.objective = .distance }, data: data)
        #expect(byRoad.selected.map(\.site.id) == ["x"])
        #expect(Self.close(byRoad.totalAfter, 0.225 * Self.L + 4_800))
        #expect(Self.close(byRoad.totalBefore ?? 0, 140 * 120))
        #expect(Self.close(byRoad.selected[0].saving, 140 * 120 - (0.225 * Self.L + 4_800)))
        #expect(Self.close(byRoad.meanAfter, (0.225 * Self.L + 4_800) / 140))
        // Greedy's single pick is the optimum too; Y's total is 0.972 L (both points sooner than 120 min).
        #expect(byRoad.greedy.ids == ["x"])
        let byDistance = try Planner.runDistance(request(minutes: nil) { $0.objective = .distance }, data: data)
        #expect(byDistance.selected.map(\.site.id) == ["y"])
        let json = DistancePlanReport.json(byRoad, demandModel: nil).serialized()
        #expect(json.contains("\"mean_minutes_after\"") && !json.contains("mean_km_after"))
    }

    /// A polygon across the road at 0.2° cuts edge A–B: X → P1 goes off-road all the way,
    /// 3 L / (10/3.6) = 1.08 L s = 200.38 min instead of 25.05; the plan in 30 min then picks Y.
    @Test func closurePolygonCutsTheRoad() throws {
        var roadScenario = RoadScenario(file: "cut.json")
        roadScenario.closeAreas = [RoadScenario.Area(polygons: [[box(0.19, 0.21)]], label: "close_areas[0]")]
        var scenario = scenario()
        scenario.roads = roadScenario
        let cut = try RoadScenarioApplier.apply(scenario, to: roads, data: data) { _ in }
        #expect(cut.network.graph.arcCount == 0 && roads.network.graph.arcCount == 2)
        let x = [TravelOrigin(id: "x", location: Coordinate(lon: 0, lat: 0))]
        let p1 = Coordinate(lon: 0.3, lat: 0)
        #expect(Self.close(try #require(roads.network.time(to: p1, times: roads.network.times(from: x), origins: x)).seconds, 0.135 * Self.L))
        #expect(Self.close(try #require(cut.network.time(to: p1, times: cut.network.times(from: x), origins: x)).seconds, 1.08 * Self.L))
        let plan = try Planner.run(request(minutes: 30, roads: cut), data: data)
        #expect(plan.selected.map(\.site.id) == ["y"] && plan.coveredAfter == 40)
        // Closing the way by id gives the same network.
        roadScenario.closeAreas = []
        roadScenario.closeWays = [101]
        scenario.roads = roadScenario
        #expect(try RoadScenarioApplier.apply(scenario, to: roads, data: data) { _ in }.network.graph.arcCount == 0)
    }

    /// Speed changes: primary at 40 km/h (by class; the graph is rebuilt from the file) doubles
    /// X → P1 to 0.27 L s = 50.09 min; a factor 0.5 inside lon 0.1…0.2 (L of the road) gives
    /// 2 L at 80 km/h + L at 40 km/h = 0.18 L s = 33.40 min.
    @Test func speedChangesByClassAndByArea() throws {
        let x = [TravelOrigin(id: "x", location: Coordinate(lon: 0, lat: 0))]
        let b = Coordinate(lon: 0.3, lat: 0)
        func seconds(_ change: RoadScenario.SpeedChange) throws -> Double {
            var roadScenario = RoadScenario(file: "speeds.json")
            roadScenario.speedChanges = [change]
            var scenario = scenario()
            scenario.roads = roadScenario
            let changed = try RoadScenarioApplier.apply(scenario, to: roads, data: data) { _ in }
            return try #require(changed.network.time(to: b, times: changed.network.times(from: x), origins: x)).seconds
        }
        #expect(Self.close(try seconds(.init(target: .roadClass("primary"), speed: .kmh(40), label: "speed_changes[0]")), 0.27 * Self.L))
        let area = RoadScenario.Area(polygons: [[box(0.1, 0.2)]], label: "speed_changes[0]")
        // The cut points come from GEOS's planar intersection at 0.1° and 0.2°: exact to rounding.
        #expect(Self.close(try seconds(.init(target: .area(area), speed: .factor(0.5), label: "speed_changes[0]")), 0.18 * Self.L, 1e-7))
    }

    /// Bad road parts of a scenario file: errors naming the file, the entry and the field.
    @Test func badPolygonAndUnknownClassAreErrorsNamingFileAndField() throws {
        func parse(_ json: String) throws -> Scenario {
            try Scenario.parse(Data(json.utf8), file: "/tmp/what-if.json", linker: data.linker, proj: data.proj)
        }
        let bowtie = #"{"close_areas": [{"type": "Polygon", "coordinates": [[[0,-0.01],[0.02,0.01],[0.02,-0.01],[0,0.01],[0,-0.01]]]}]}"#
        #expect { _ = try parse(bowtie) } throws: { error in
            "\(error)".contains("/tmp/what-if.json") && "\(error)".contains("close_areas[0]") && "\(error)".contains("close_areas") && "\(error)".contains("not valid")
        }
        let open = #"{"speed_changes": [{"area": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1]]]}, "factor": 0.5}]}"#
        #expect { _ = try parse(open) } throws: { error in "\(error)".contains("speed_changes[0]") && "\(error)".contains("area") }
        let both = #"{"speed_changes": [{"class": "track", "speed_kmh": 20, "factor": 0.5}]}"#
        #expect { _ = try parse(both) } throws: { error in "\(error)".contains("speed_changes[0]") && "\(error)".contains("speed_kmh/factor") }
        var scenario = try parse(#"{"name": "slow", "speed_changes": [{"class": "motorwya", "speed_kmh": 20}]}"#)
        #expect(scenario.roads?.speedChanges.first?.target == .roadClass("motorwya"))
        #expect { _ = try RoadScenarioApplier.apply(scenario, to: roads, data: data) { _ in } } throws: { error in
            "\(error)".contains("/tmp/what-if.json") && "\(error)".contains("speed_changes[0]") && "\(error)".contains("'class'")
                && "\(error)".contains("unknown road class 'motorwya'")
        }
        scenario = try parse(#"{"close_ways": [999]}"#)
        #expect { _ = try RoadScenarioApplier.apply(scenario, to: roads, data: data) { _ in } } throws: { error in
            "\(error)".contains("/tmp/what-if.json") && "\(error)".contains("no way 999")
        }
    }

    /// A closed rectangle from lon `west` to `east`, lat −0.01…0.01.
    func box(_ west: Double, _ east: Double) -> [Coordinate] {
        [(west, -0.01), (east, -0.01), (east, 0.01), (west, 0.01), (west, -0.01)].map { Coordinate(lon: $0.0, lat: $0.1) }
    }
}

/// `borderplan plan --roads --minutes` and `compare --roads --minutes` on the synthetic fixture
/// west of Bouchebka (a 0.05° grid of tracks and roads): the contract of the outputs and errors.
@Suite struct RoadPlanCommandTests {
    static let binary = builtProduct("borderplan")

    @Test func planInMinutesNamesTheTravelModel() throws {
        let binary = try #require(Self.binary, "the borderplan executable is built with the tests")
        let scratch = try ScratchFolder()
        let roads = try RoadCommandTests.roads(scratch)
        let result = try run(binary, ["plan", "--roads", roads, "--minutes", "120", "--add", "1", "--objective", "distance", "--service", "any", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let travel = try #require(json["travel"] as? [String: Any])
        #expect(travel["minutes"] as? Double == 120 && travel["offroad_kmh"] as? Double == 10 && travel["roads"] as? String == roads)
        #expect(json["radius_km"] is NSNull && json["mean_minutes_after"] is Double && json["mean_km_after"] == nil)
        // Times are capped at the limit: no mean can exceed 120 min.
        #expect((json["mean_minutes_before"] as? Double ?? .infinity) <= 120)
        let both = try run(binary, ["plan", "--roads", roads, "--radius", "100", "--add", "1"])
        #expect(both.status != 0 && both.stderr.contains("with --roads give --minutes T"))
    }

    /// A closure across the grid west of Bouchebka: covered population in Tébessa falls; a
    /// scenario with a bad polygon stops the run naming the file and the entry.
    @Test func compareShowsTheEffectOfAClosure() throws {
        let binary = try #require(Self.binary, "the borderplan executable is built with the tests")
        let scratch = try ScratchFolder()
        let roads = try RoadCommandTests.roads(scratch)
        let cut = scratch.file("cut.json")
        try Data(#"{"name": "cut", "close_areas": [{"type": "Polygon", "coordinates": [[[7.9,34.6],[8.0,34.6],[8.0,35.7],[7.9,35.7],[7.9,34.6]]]}]}"#.utf8).write(to: cut)
        let result = try run(binary, ["compare", "--roads", roads, "--minutes", "120", "--scenario", cut.path, "--service", "any", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("close_areas[0]:") && result.stderr.contains("edge(s) cut"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let scenario = try #require((json["scenarios"] as? [[String: Any]])?.first)
        let tebessa = try #require((scenario["wilayas"] as? [[String: Any]])?.first { $0["code"] as? String == "12" })
        let before = try #require(tebessa["covered_population_before"] as? Int), after = try #require(tebessa["covered_population_after"] as? Int)
        #expect(after < before)
        let bad = scratch.file("bad.json")
        try Data(#"{"close_areas": [{"type": "Polygon", "coordinates": [[[7.9,34.6],[8.0,35.7],[8.0,34.6],[7.9,35.7],[7.9,34.6]]]}]}"#.utf8).write(to: bad)
        let refused = try run(binary, ["compare", "--roads", roads, "--minutes", "120", "--scenario", bad.path])
        #expect(refused.status == 1 && refused.stderr.contains(bad.path) && refused.stderr.contains("close_areas[0]"))
    }
}
