import BorderPlanKit
@testable import BorderPlanServer
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import HummingbirdTesting
import Testing

/// One scenario service for the whole test process (its engines are loaded once).
/// The timeout is generous: these tests check answers, not speed, and the first request loads the data
/// (`make bench-load` measures latency).
let sharedScenarios = ScenarioService(dataDirectory: geodataDirectory, defaultRadiusKm: ExportReference.radiusKm, timeout: 600)

/// The application with the POST endpoints.
func scenarioApplication(_ scenarios: ScenarioService? = sharedScenarios) throws -> some ApplicationProtocol {
    BorderPlanServer.application(catalog: try sharedReference.get().catalog, host: "127.0.0.1", port: 0, accessLog: nil, scenarios: scenarios)
}

/// Runs the built CLI and returns its JSON output (as bytes: they cross into the test client's closure).
func cliJSON(_ arguments: [String]) throws -> Data {
    let binary = ClientTests.repositoryRoot.appendingPathComponent(".build/debug/borderplan").path
    let run = try runBlocking(binary, arguments + ["--data", geodataDirectory.path, "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    return Data(run.stdout.utf8)
}

/// A JSON object's text as a dictionary.
func object(_ data: Data) throws -> NSDictionary {
    try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
}

/// `POST /scenarios/coverage` and `POST /plans`: figures equal to the CLI's, every status code.
@Suite(.serialized) struct ScenarioEndpointTests {
    /// Bouchebka serves travellers (open, permanent, travellers and goods): closing it is the change
    /// that moves the figures under the default service. (Debdeb is goods only: closing it moves none.)
    static let debdebClosed = #"{"name": "bouchebka closed", "status": {"bouchebka": "closed"}}"#

    func post(_ client: some TestClientProtocol, _ uri: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
    }

    /// The coverage figures are `borderplan coverage --scenario FILE --format json`'s, field for field.
    @Test func scenarioCoverageEqualsTheCLI() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("borderplan-scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }  // best-effort clean-up of our own temp folder
        let file = folder.appendingPathComponent("debdeb.json")
        try Data(Self.debdebClosed.utf8).write(to: file)
        let cli = try cliJSON(["coverage", "--radius", "100", "--scenario", file.path])
        let baseline = try cliJSON(["coverage", "--radius", "100"])
        try await scenarioApplication().test(.router) { client in
            let response = try await post(client, "/scenarios/coverage?radius=100", Self.debdebClosed)
            #expect(response.status == .ok)
            let document = try json(response)
            let coverage = try #require(document["coverage"] as? [String: Any])
            #expect(NSDictionary(dictionary: coverage).isEqual(try object(cli)))
            // The scenario's figures are not the baseline's (the test is not comparing two baselines).
            #expect(!NSDictionary(dictionary: coverage).isEqual(try object(baseline)))
            #expect((coverage["open"] as? [String])?.contains("bouchebka") == false)
            // Layers: Bouchebka closed in crossings; gaps are the coverage's gaps.
            let crossings = try #require((document["crossings"] as? [String: Any])?["features"] as? [[String: Any]])
            let debdeb = try #require(crossings.first { $0["id"] as? String == "bouchebka" })
            #expect((debdeb["properties"] as? [String: Any])?["status"] as? String == "closed")
            let gaps = try #require((document["gaps"] as? [String: Any])?["features"] as? [[String: Any]])
            #expect(gaps.count == (coverage["gaps"] as? [Any])?.count)
            let catchments = try #require((document["catchments"] as? [String: Any])?["features"] as? [[String: Any]])
            #expect(catchments.count == crossings.count)
        }
    }

    /// Debdeb opened to travellers (a traffic override) under each service: the figures are
    /// `borderplan coverage --service S --scenario FILE`'s, `sites` gives each site's traffic as the
    /// scenario leaves it, and an unknown service is a 400 naming the parameter.
    @Test func trafficOverrideAndServiceEqualTheCLI() async throws {
        let scenario = #"{"name": "debdeb travellers", "traffic": {"debdeb": ["travellers", "goods"]}}"#
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("borderplan-traffic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }  // best-effort clean-up of our own temp folder
        let file = folder.appendingPathComponent("debdeb.json")
        try Data(scenario.utf8).write(to: file)
        let expected = try ["travellers", "goods"].map { try cliJSON(["coverage", "--radius", "100", "--service", $0, "--scenario", file.path]) }
        let baseline = try cliJSON(["coverage", "--radius", "100"])
        try await scenarioApplication().test(.router) { client in
            for (service, cli) in zip(["travellers", "goods"], expected) {
                let response = try await post(client, "/scenarios/coverage?radius=100&service=\(service)", scenario)
                #expect(response.status == .ok)
                let document = try json(response)
                #expect(document["service"] as? String == service)
                #expect(NSDictionary(dictionary: try #require(document["coverage"] as? [String: Any])).isEqual(try object(cli)))
                let debdeb = try #require((document["sites"] as? [String: Any])?["debdeb"] as? [String: Any])
                #expect(debdeb["traffic"] as? [String] == ["travellers", "goods"])
            }
            // Opening Debdeb to travellers moves the travellers' figures off the baseline.
            #expect(!(try object(expected[0])).isEqual(try object(baseline)))
            let bad = try await post(client, "/scenarios/coverage?service=cars", scenario)
            #expect(bad.status == .badRequest)
            #expect(try json(bad)["detail"] as? String != nil)
        }
    }

    /// Identical requests arriving together share one computation: every one gets the same bytes,
    /// the cache holds one reply and nothing stays in flight. (The generous timeout: under the full
    /// suite on a loaded machine, the first request's data load alone passed the default 30 s.)
    @Test func concurrentIdenticalRequestsShareOneComputation() async throws {
        let service = ScenarioService(dataDirectory: geodataDirectory, defaultRadiusKm: 100, enginesPerModel: 1, timeout: 600)
        try await scenarioApplication(service).test(.router) { client in
            let bodies = try await withThrowingTaskGroup(of: (HTTPResponse.Status, ByteBuffer).self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let response = try await post(client, "/scenarios/coverage?radius=63&demand-model=places", #"{"name":"x"}"#)
                        return (response.status, response.body)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(bodies.count == 8 && bodies.allSatisfy { $0.0 == .ok && $0.1 == bodies[0].1 })
            #expect(service.cache.count == 1)
            #expect(service.inFlight.count == 0)
        }
    }

    /// The same request, spelt differently (spaces, key order), answers the same bytes, from the cache.
    /// `?radius=` on the catchments: the same crossings as at the server's radius, each disc nested in its
    /// larger one, and its north–south extent between a half disc's (r / 111.7 km per degree; 5 % less for
    /// the disc's polygon and a crossing set back from a corner, like Oum Teboul between the sea and
    /// Tunisia, measured 0.356° at 40 km) and a whole disc's (2r / 110.5): the radius really changed.
    /// Other collections refuse the parameter.
    @Test func catchmentsAtAnotherRadius() async throws {
        try await scenarioApplication().test(.router) { client in
            let large = try await client.execute(uri: "/collections/catchments/items?limit=1000", method: .get) { Self.boxes(try json($0)) }
            let (status, small) = try await client.execute(uri: "/collections/catchments/items?limit=1000&radius=40", method: .get) {
                ($0.status, Self.boxes(try json($0)))
            }
            #expect(status == .ok)
            #expect(!small.isEmpty && Set(small.keys) == Set(large.keys))
            for (id, box) in small {
                let outer = try #require(large[id])
                #expect(box[0] >= outer[0] - 1e-6 && box[1] >= outer[1] - 1e-6 && box[2] <= outer[2] + 1e-6 && box[3] <= outer[3] + 1e-6, "\(id)")
                #expect(box[3] - box[1] >= 0.95 * 40 / 111.7 && box[3] - box[1] <= 2 * 40 / 110.5, "\(id): \(box[3] - box[1])°")
            }
            let negative = try await client.execute(uri: "/collections/catchments/items?radius=-3", method: .get) { $0.status }
            #expect(negative == .badRequest)
            let elsewhere = try await client.execute(uri: "/collections/wilayas/items?radius=40", method: .get) { $0.status }
            #expect(elsewhere == .badRequest)
        }
    }

    /// Each feature's west, south, east, north, by id.
    static func boxes(_ document: [String: Any]) -> [String: [Double]] {
        var out: [String: [Double]] = [:]
        for feature in document["features"] as? [[String: Any]] ?? [] {
            let points = positions((feature["geometry"] as? [String: Any])?["coordinates"] as Any)
            guard let id = feature["id"] as? String, !points.isEmpty else { continue }
            out[id] = [points.map { $0[0] }.min()!, points.map { $0[1] }.min()!, points.map { $0[0] }.max()!, points.map { $0[1] }.max()!]
        }
        return out
    }

    /// Every [lon, lat] position of a GeoJSON coordinates array, at any depth.
    static func positions(_ value: Any) -> [[Double]] {
        guard let array = value as? [Any] else { return [] }
        if let position = array as? [Double], position.count >= 2 { return [position] }
        return array.flatMap(positions)
    }

    @Test func identicalRequestsGetByteIdenticalReplies() async throws {
        let service = ScenarioService(dataDirectory: geodataDirectory, defaultRadiusKm: 100, enginesPerModel: 1, timeout: 600)
        try await scenarioApplication(service).test(.router) { client in
            let first = try await post(client, "/scenarios/coverage?radius=50&demand-model=places", #"{"status":{"debdeb":"open"},"name":"x"}"#)
            let second = try await post(client, "/scenarios/coverage?demand-model=places&radius=50.000", "{ \"name\" : \"x\",\n \"status\" : { \"debdeb\" : \"open\" } }")
            #expect(first.status == .ok)
            #expect(first.body == second.body)
            #expect(service.cache.count == 1)
            let plan = #"{"k": 1, "exclude-partners": ["MA"], "demand-model": "places"}"#
            let planFirst = try await post(client, "/plans", plan)
            let planSecond = try await post(client, "/plans", #"{"demand-model":"places","exclude-partners":["MA"],"k":1}"#)
            #expect(planFirst.status == .ok)
            #expect(planFirst.body == planSecond.body)
            #expect(service.cache.count == 2)
        }
    }

    /// The plan is `borderplan plan --add 1 --exclude-partner MA --format json`'s, and its site a GeoJSON point.
    @Test func planEqualsTheCLIWithItsSitesAsGeoJSON() async throws {
        let cli = try cliJSON(["plan", "--radius", "100", "--add", "2", "--exclude-partner", "MA"])
        try await scenarioApplication().test(.router) { client in
            let response = try await post(client, "/plans", #"{"k": 2, "radius": 100, "exclude-partners": ["MA"]}"#)
            #expect(response.status == .ok)
            let document = try json(response)
            let plan = try #require(document["plan"] as? [String: Any])
            #expect(NSDictionary(dictionary: plan).isEqual(try object(cli)))
            let selected = try #require(plan["selected"] as? [[String: Any]])
            #expect(selected.count == 2)
            let sites = try #require((document["sites"] as? [String: Any])?["features"] as? [[String: Any]])
            #expect(sites.compactMap { $0["id"] as? String } == selected.compactMap { $0["id"] as? String })
            let point = try #require(sites.first?["geometry"] as? [String: Any])
            #expect(point["type"] as? String == "Point")
            #expect((point["coordinates"] as? [Double])?.first == selected.first?["lon"] as? Double)
        }
    }

    /// The same options through either front end give the same plan (both parse into `PlanOptions`;
    /// one rule makes the request): generated candidates along two borders under another objective
    /// and service, and listed candidates with an exclusion, a required site and a minimum per wilaya.
    @Test(arguments: [
        (["--radius", "80", "--add", "2", "--service", "any", "--objective", "border", "--candidates", "generated", "--spacing", "100",
          "--borders", "LY", "NE", "--exclude-partner", "MA"],
         #"{"k": 2, "radius": 80, "service": "any", "objective": "border", "candidates": "generated", "spacing": 100, "borders": ["LY", "NE"], "exclude-partners": ["MA"]}"#),
        (["--radius", "120", "--add", "3", "--candidates", "debdeb", "tarat", "in-guezzam", "timiaouine", "el-borma", "--exclude", "timiaouine",
          "--require", "tarat", "--min-per-wilaya", "1"],
         #"{"k": 3, "radius": 120, "candidates": ["debdeb", "tarat", "in-guezzam", "timiaouine", "el-borma"], "exclude": ["timiaouine"], "require": ["tarat"], "min-per-wilaya": 1}"#),
    ])
    func theSameOptionsGiveTheCLIsPlan(_ arguments: [String], _ body: String) async throws {
        let cli = try cliJSON(["plan"] + arguments)
        try await scenarioApplication().test(.router) { client in
            let response = try await post(client, "/plans", body)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let plan = try #require(try json(response)["plan"] as? [String: Any])
            #expect(NSDictionary(dictionary: plan).isEqual(try object(cli)))
            #expect((plan["selected"] as? [Any])?.isEmpty == false)
        }
    }

    /// Each error status with its problem body naming the parameter or field.
    @Test(arguments: [
        ("/scenarios/coverage", "{not json", 400, "title", "Body is not JSON"),
        ("/scenarios/coverage?radius=-5", "{}", 400, "parameter", "radius"),
        ("/scenarios/coverage?demand-model=people", "{}", 400, "parameter", "demand-model"),
        ("/scenarios/coverage?colour=red", "{}", 400, "parameter", "colour"),
        ("/scenarios/coverage", "[1, 2]", 422, "title", "Invalid field"),
        ("/scenarios/coverage", #"{"status": {"debdeb": "ajar"}}"#, 422, "field", "status.debdeb"),
        ("/scenarios/coverage", #"{"add": [{"id": "x", "lat": 95, "lon": 9, "partner": "LY"}]}"#, 422, "field", "lat"),
        ("/plans", #"{"radius": 100}"#, 422, "field", "k"),
        ("/plans", #"{"k": 0}"#, 422, "field", "k"),
        ("/plans", #"{"k": "2"}"#, 422, "field", "k"),
        ("/plans", #"{"k": 1, "radius": 3000}"#, 422, "field", "radius"),
        ("/plans", #"{"k": 1, "exclude_partners": ["MA"]}"#, 422, "field", "exclude_partners"),
        ("/plans", #"{"k": 1, "exclude-partners": ["XX"]}"#, 422, "field", "exclude-partners[0]"),
        ("/plans", #"{"k": 1, "objective": "people"}"#, 422, "field", "objective"),
        ("/plans", #"{"k": 1, "scenario": {"status": {"debdeb": "opne"}}}"#, 422, "field", "scenario.status.debdeb"),
        ("/plans", #"{"k": 1, "require": ["debdeb"], "exclude": ["debdeb"]}"#, 422, "title", "The plan cannot be posed"),
    ])
    func errorsAreProblemsNamingTheField(_ uri: String, _ body: String, _ status: Int, _ member: String, _ expected: String) async throws {
        try await scenarioApplication().test(.router) { client in
            let response = try await post(client, uri, body)
            #expect(response.status.code == status, "\(String(buffer: response.body))")
            #expect(response.headers[.contentType] == "application/problem+json")
            let problem = try json(response)
            #expect(problem["status"] as? Int == status)
            #expect(problem[member] as? String == expected, "\(problem)")
            #expect(!String(buffer: response.body).contains(geodataDirectory.path))
        }
    }

    /// Unknown ids are 422s listing the closest known ids.
    @Test(arguments: [
        ("/scenarios/coverage", #"{"status": {"debdeb2": "open"}}"#, "status"),
        ("/plans", #"{"k": 1, "candidates": ["debdep"]}"#, "candidates"),
        ("/plans", #"{"k": 1, "exclude": ["debdep"]}"#, "exclude"),
    ])
    func unknownIdsAre422WithTheClosestIds(_ uri: String, _ body: String, _ field: String) async throws {
        try await scenarioApplication().test(.router) { client in
            let response = try await post(client, uri, body)
            #expect(response.status == .unprocessableContent, "\(String(buffer: response.body))")
            let problem = try json(response)
            #expect(problem["field"] as? String == field)
            #expect((problem["closest"] as? [String])?.first == "debdeb", "\(problem)")
        }
    }

    /// Bodies over 1 MiB are refused with 413, whether announced by Content-Length or streamed.
    @Test func bodiesOverOneMegabyteAre413() async throws {
        let big = "{\"name\": \"" + String(repeating: "x", count: PostBody.maximumBytes) + "\"}"
        try await scenarioApplication().test(.router) { client in
            let response = try await post(client, "/scenarios/coverage", big)
            #expect(response.status == .contentTooLarge)
            #expect(try json(response)["status"] as? Int == 413)
        }
        try await scenarioApplication().test(.live) { client in
            let response = try await post(client, "/plans", big)
            #expect(response.status == .contentTooLarge)
        }
    }

    /// GET on a POST endpoint is a 405 naming POST; POST elsewhere a 405 naming GET; no service: 503.
    @Test func methodsAndAvailability() async throws {
        try await scenarioApplication().test(.router) { client in
            try await client.execute(uri: "/plans", method: .get) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
            let wrong = try await post(client, "/collections", "{}")
            #expect(wrong.status == .methodNotAllowed)
            #expect(wrong.headers[.allow] == "GET, HEAD")
        }
        try await scenarioApplication(nil).test(.router) { client in
            let response = try await post(client, "/plans", #"{"k": 1}"#)
            #expect(response.status == .serviceUnavailable)
        }
    }

    /// A request that outlives the timeout is answered with a 503 problem.
    @Test func timeoutIsA503() async throws {
        await #expect(throws: Problem.self) {
            _ = try await withTimeout(seconds: 0.05) { try await Task.sleep(for: .seconds(2)); return 1 }
        }
        #expect(try await withTimeout(seconds: 5) { 7 } == 7)
    }
}
