import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// The closed sets of the domain are enums: a value outside one fails at load with the
/// file, the feature (number and id) and the field, and the allowed values.
@Suite struct TypedDomainTests {
    /// The knowledge base of the committed geodata with one item of `file` changed by `mutate`
    /// (the JSON object of the item whose id is `id`); returns the load error.
    func loadError(_ file: String, id: String, _ mutate: (inout [String: Any]) -> Void) throws -> (error: DataError, number: Int, path: String) {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) } // Absent already is fine: only clean-up.
        for name in [KnowledgeBase.crossingsFile, KnowledgeBase.projectsFile, KnowledgeBase.committeesFile] {
            try FileManager.default.copyItem(at: geodataDirectory.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let url = folder.appendingPathComponent(file)
        var root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let list = file == KnowledgeBase.crossingsFile ? "features" : file == KnowledgeBase.projectsFile ? "projects" : "committees"
        var items = try #require(root[list] as? [[String: Any]])
        func itemID(_ item: [String: Any]) -> String? { ((item["properties"] as? [String: Any]) ?? item)["id"] as? String }
        let index = try #require(items.firstIndex { itemID($0) == id }, "no item '\(id)' in \(file)")
        if list == "features" {
            var properties = try #require(items[index]["properties"] as? [String: Any])
            mutate(&properties)
            items[index]["properties"] = properties
        } else {
            mutate(&items[index])
        }
        root[list] = items
        try JSONSerialization.data(withJSONObject: root).write(to: url)
        do {
            _ = try KnowledgeBase.load(directory: folder, context: GeometryContext())
        } catch let error as DataError {
            return (error, index + 1, url.path)
        }
        Issue.record("\(file): the changed item '\(id)' loaded without an error")
        throw DataError(file: file, "no error")
    }

    @Test func badStatusNamesFileFeatureAndField() throws {
        let (error, number, path) = try loadError(KnowledgeBase.crossingsFile, id: "debdeb") { $0["status"] = "opn" }
        #expect(error.description == "\(path), feature \(number) (id 'debdeb'), field 'status': 'opn' is not one of open, closed, planned, suspended")
    }

    @Test func badPartnerOfACrossing() throws {
        let (error, number, _) = try loadError(KnowledgeBase.crossingsFile, id: "in-guezzam") { $0["partner"] = "LB" }
        #expect(error.feature == "feature \(number) (id 'in-guezzam')" && error.field == "partner")
        #expect(error.message == "'LB' is not one of TN, LY, NE, ML, MR, EH, MA")
    }

    @Test func badEventKindInAHistory() throws {
        let (error, number, _) = try loadError(KnowledgeBase.crossingsFile, id: "debdeb") { properties in
            var history = properties["history"] as! [[String: Any]]
            history[0]["event"] = "opend"
            properties["history"] = history
        }
        #expect(error.feature == "feature \(number) (id 'debdeb')" && error.field == "history[0].event")
        #expect(error.message.hasPrefix("'opend' is not one of agreement, announced, attack,"))
    }

    @Test func badPhaseOfAProject() throws {
        let (error, number, path) = try loadError(KnowledgeBase.projectsFile, id: "debdeb-upgrade") { $0["phase"] = "ongoing" }
        #expect(error.description == "\(path), project \(number) (id 'debdeb-upgrade'), field 'phase': 'ongoing' is not one of announced, planned, in-progress, completed, stalled")
    }

    @Test func badCurrencyOfACost() throws {
        let (error, number, _) = try loadError(KnowledgeBase.projectsFile, id: "debdeb-upgrade") { $0["cost"] = ["amount": 1, "currency": "DA"] }
        #expect(error.feature == "project \(number) (id 'debdeb-upgrade')" && error.field == "cost.currency")
        #expect(error.message == "'DA' is not one of \(Currency.rawValues.joined(separator: ", "))")
    }

    @Test func badKindPartnerAndScopeOfACommittee() throws {
        let id = "dz-ne-bilateral-border"
        let kind = try loadError(KnowledgeBase.committeesFile, id: id) { $0["kind"] = "bilateral" }
        #expect(kind.error.description == "\(kind.path), committee \(kind.number) (id '\(id)'), field 'kind': 'bilateral' is not one of bilateral-border, joint-security, local-walis, development, tripartite")
        let partner = try loadError(KnowledgeBase.committeesFile, id: id) { $0["partner"] = "ne" }
        #expect(partner.error.field == "partner" && partner.error.message == "'ne' is not one of TN, LY, NE, ML, MR, EH, MA")
        let scope = try loadError(KnowledgeBase.committeesFile, id: id) { $0["algerian_wilayas_scope"] = "all" }
        #expect(scope.error.field == "algerian_wilayas_scope" && scope.error.message == "'all' is not one of named, all-border-wilayas")
    }

    /// Every value reads back as its JSON spelling: through Codable and in text.
    @Test func valuesRoundTripAsTheirJSONSpelling() throws {
        func check<T: ClosedSet>(_ type: T.Type) throws {
            for value in T.allCases {
                let json = try JSONEncoder().encode([value])
                #expect(String(decoding: json, as: UTF8.self) == "[\"\(value.rawValue)\"]")
                #expect(try JSONDecoder().decode([T].self, from: json) == [value])
                #expect("\(value)" == value.rawValue)
            }
        }
        try check(CrossingStatus.self)
        try check(Partner.self)
        try check(ProjectPhase.self)
        try check(Currency.self)
        try check(CommitteeKind.self)
        try check(WilayaScope.self)
        try check(CrossingEventKind.self)
        try check(LinkMethod.self)
        try check(BorderKind.self)
        try check(ExportLayerKind.self)
        #expect(ProjectPhase.inProgress.rawValue == "in-progress" && CommitteeKind.localWalis.rawValue == "local-walis")
    }

    /// The committed knowledge base uses only the declared values (it loads), and every
    /// crossing of it has a traffic.
    @Test func committedDataLoads() throws {
        let knowledge = try KnowledgeBase.load(directory: geodataDirectory, context: GeometryContext())
        #expect(!knowledge.crossings.isEmpty && !knowledge.projects.isEmpty && !knowledge.committees.isEmpty)
        #expect(knowledge.crossings.allSatisfy { !$0.traffic.isEmpty })
    }
}

/// The command line parses the closed sets as enums: a bad value is refused by the parser
/// with the allowed values listed.
@Suite(.serialized) struct TypedOptionTests {
    static var binary: String? { MalformedInputTests.binary }

    @Test(arguments: [
        (["crossings", "--status", "opn"], ["'opn'", "open", "closed", "planned", "suspended"]),
        (["coverage", "--radius", "100", "--service", "people"], ["'people'", "travellers", "goods", "any"]),
        (["crossings", "--partner", "LB"], ["'LB'", "TN", "LY", "NE", "ML", "MR", "EH", "MA"]),
        (["export", "--format", "geojson", "--out", "/nonexistent/x", "--layers", "roads"], ["'roads'", "wilayas", "gaps", "places"]),
        (["map", "--kind", "relief", "--radius", "100", "--out", "/nonexistent/x.svg"], ["'relief'", "overview", "coverage", "border"]),
        (["coverage", "--radius", "100", "--open-statuses", "open,opn"], ["'opn' is not one of open, restricted, closed, planned, suspended"]),
        (["coverage", "--radius", "100", "--open-statuses", "open,closed"], ["no --service equivalent"]),
        (["coverage", "--radius", "100", "--open-statuses", "open", "--service", "goods"], ["give --service only"]),
        (["report", "--exclude-partner", "XX", "--out", "/nonexistent/r"], ["'XX'", "none", "MA"]),
        (["report", "--exclude-partner", "none", "MA", "--out", "/nonexistent/r"], ["none goes alone"]),
    ])
    func badValuesAreRefusedByTheParser(arguments: [String], expected: [String]) throws {
        let result = try run(try #require(Self.binary, "build the CLI first (make test does)"), arguments)
        #expect(result.status == 64, "\(result.stderr)")
        for text in expected { #expect(result.stderr.contains(text), "\(text) in \(result.stderr)") }
    }

    /// A bad value in the data stops the command with exit status 1 and the located message.
    @Test func badValueInTheDataIsExitStatusOne() throws {
        let scratch = try ScratchFolder()
        let folder = try MalformedInputTests.corrupted(in: scratch.url, KnowledgeBase.crossingsFile) { $0.replacingOccurrences(of: #""status": "open""#, with: #""status": "opn""#) }
        let result = try run(try #require(Self.binary, "build the CLI first (make test does)"), ["crossings", "--data", folder.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("crossings.geojson, feature ") && result.stderr.contains("field 'status': 'opn' is not one of open, closed, planned, suspended"), "\(result.stderr)")
    }

    @Test func partnersParseInAnyCase() throws {
        let binary = try #require(Self.binary, "build the CLI first (make test does)")
        let lower = try run(binary, ["crossings", "--partner", "ly", "--format", "json"])
        let upper = try run(binary, ["crossings", "--partner", "LY", "--format", "json"])
        #expect(lower.status == 0 && lower.stdout == upper.stdout && lower.stdout.contains("\"LY\""))
    }
}
