import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// `--service`: which crossings serve, on a synthetic set whose answer is listed by hand.
@Suite struct ServiceTests {
    static func site(_ id: String, _ status: CrossingStatus, _ traffic: Set<Traffic>, _ regime: Regime = .permanent) -> Site {
        Site(id: id, name: id, partner: .TN, location: Coordinate(lon: 8, lat: 35), status: status, hypothetical: false, traffic: traffic, regime: regime)
    }

    static let sites = [
        site("a", .open, [.travellers, .goods]),
        site("b", .open, [.goods]),
        site("c", .open, [.travellers], .exceptional),
        site("d", .closed, [.travellers, .goods]),
        site("e", .suspended, [.travellers, .goods]),
        site("f", .open, [.travellers]),
        site("g", .planned, [.goods]),
    ]

    @Test func servingSitesByHand() {
        func serving(_ service: Service) -> [String] { Self.sites.filter(service.serves).map(\.id) }
        #expect(serving(.travellers) == ["a", "f"])
        #expect(serving(.goods) == ["a", "b"])
        #expect(serving(.any) == ["a", "b", "f"])
        #expect(Service.default == .travellers)
    }

    @Test func anOptionMakesTheSiteServe() {
        for service in Service.allCases {
            for site in Self.sites { #expect(service.serves(service.serving(site)), "\(site.id) under \(service)") }
        }
        // Debdeb-like: open for goods, permanent: the travellers option adds travellers and keeps goods.
        let goodsOnly = Self.sites[1]
        #expect(Service.travellers.serving(goodsOnly).traffic == [.travellers, .goods])
        #expect(OptionKind.of(goodsOnly, service: .travellers) == .addTraffic)
        #expect(OptionKind.of(Self.sites[2], service: .travellers) == .makePermanent)
        #expect(OptionKind.of(Self.sites[3], service: .travellers) == .reopen && OptionKind.of(Self.sites[4], service: .goods) == .reopen)
        #expect(OptionKind.of(Self.sites[6], service: .goods) == .openPlanned)
        #expect(Service.travellers.lacks(goodsOnly) == ["goods only"])
    }

    @Test func projectEffectsApply() {
        let goodsOnly = Self.sites[1]
        #expect(Service.travellers.serves(Project.Effect(addsTraffic: [.travellers]).applied(to: goodsOnly)))
        #expect(!Service.travellers.serves(Project.Effect(opens: true).applied(to: goodsOnly)))
        #expect(Service.travellers.serves(Project.Effect(opens: true).applied(to: Self.sites[3])))
    }
}

/// The service-level migration of crossings.geojson (issue 14 §2): no dated event and no source
/// lost against the pre-migration copy committed as a fixture, and the three decisions.
@Suite struct ServiceMigrationTests {
    struct Before: Decodable {
        struct Entry: Decodable {
            var history: [CrossingEvent]
            var sources: [SourceReference]
        }
        var crossings: [String: Entry]
    }

    @Test func noEventOrSourceIsLost() throws {
        let url = repositoryRoot.appendingPathComponent("Tests/BorderPlanKitTests/Corpus/crossings-before-service-levels.json")
        let before = try JSONDecoder().decode(Before.self, from: Data(contentsOf: url))
        // Counted by hand from the pre-migration file (git show 0d83578:geodata/crossings.geojson).
        #expect(before.crossings.count == 22)
        #expect(before.crossings.values.reduce(0) { $0 + $1.history.count } == 159)
        #expect(before.crossings.values.reduce(0) { $0 + $1.sources.count } == 88)
        let knowledge = try KnowledgeBase.load(directory: geodataDirectory, context: GeometryContext())
        for (id, entry) in before.crossings {
            let crossing = try #require(knowledge.crossing(id: id), "\(id) is gone")
            let events = crossing.history.map { "\($0.date)|\($0.event)|\($0.note.en ?? "")|\($0.source.map { "\($0.title)|\($0.date ?? "")|\($0.url ?? "")" } ?? "")" }
            for event in entry.history {
                let key = "\(event.date)|\(event.event)|\(event.note.en ?? "")|\(event.source.map { "\($0.title)|\($0.date ?? "")|\($0.url ?? "")" } ?? "")"
                #expect(events.contains(key), "\(id): \(key)")
            }
            for source in entry.sources { #expect(crossing.sources.contains(source), "\(id): \(source.title)") }
        }
    }

    @Test func serviceLevelsOfTheDisputedCrossings() throws {
        let knowledge = try KnowledgeBase.load(directory: geodataDirectory, context: GeometryContext())
        let akid = try #require(knowledge.crossing(id: "akid-lotfi"))
        #expect(akid.status == .closed && akid.regime == .exceptional)
        #expect(akid.history.filter { $0.event == .exceptionalOpening }.count == 4)
        let debdeb = try #require(knowledge.crossing(id: "debdeb"))
        #expect(debdeb.status == .open && debdeb.traffic == [.goods] && debdeb.regime == .permanent)
        let bbm = try #require(knowledge.crossing(id: "bordj-badji-mokhtar"))
        #expect(bbm.status == .closed && bbm.regime == .exceptional)
        #expect(bbm.history.contains { $0.event == .restricted })   // the 2013 monthly openings stay as history
    }
}

/// Costs in DZD: `--budget` amounts and the projects' costs through rates.json.
@Suite struct MoneyTests {
    static let table = RateTable(rates: [
        ExchangeRate(currency: .TND, year: 2018, dzdPerUnit: nil, kind: .unknown),
        ExchangeRate(currency: .TND, year: 2023, dzdPerUnit: 43.41, kind: .quotation),
        ExchangeRate(currency: .TND, year: 2016, dzdPerUnit: 50, kind: .annualAverage),
    ])

    @Test func budgetAmountsParse() throws {
        #expect(try Money.parse("5 bn DZD") == (5e9, .DZD))
        #expect(try Money.parse("500 M DZD") == (5e8, .DZD))
        #expect(try Money.parse("500000000") == (5e8, .DZD))
        #expect(try Money.parse("120 M TND") == (1.2e8, .TND))
        #expect(try Money.parse("2.5 k usd") == (2_500, .USD))
        for bad in ["", "five", "5 bn XYZ", "5 bn DZD extra", "M 5"] {
            #expect(throws: PlanError.self, "\(bad)") { try Money.parse(bad) }
        }
    }

    @Test func conversionUsesTheRateOfTheYear() throws {
        // 120 M TND at the latest sourced rate (2023: 43.41) = 5,209,200,000 DZD.
        let budget = Money.toDZD(1.2e8, .TND, year: nil, rates: Self.table)
        #expect(abs((budget.dzd ?? 0) - 5_209_200_000) < 1e-3)
        #expect(budget.explanation.contains("2023"))
        // A figure of 2016 takes 2016's rate; 2018's is unknown (null), never another year's.
        #expect(Money.toDZD(7.5e6, .TND, year: 2016, rates: Self.table).dzd == 375_000_000)
        let unknown = Money.toDZD(7.5e6, .TND, year: 2018, rates: Self.table)
        #expect(unknown.dzd == nil && unknown.explanation.contains("2018"))
        #expect(Money.toDZD(179e6, .DZD, year: 2023, rates: RateTable(rates: [])).dzd == 179e6)
        #expect(Money.toDZD(1, .LYD, year: nil, rates: Self.table).dzd == nil)
    }

    @Test func committedRatesAndProjectCosts() throws {
        let rates = try RateTable.load(directory: geodataDirectory)
        let knowledge = try KnowledgeBase.load(directory: geodataDirectory, context: GeometryContext())
        let jelil = try #require(knowledge.projects.first { $0.id == "jelil-post" })
        #expect(Money.projectCost(jelil, rates: rates)?.dzd == nil)   // 7.5 M TND of 2018: no sourced rate
        let guezzam = try #require(knowledge.projects.first { $0.id == "in-guezzam-upgrade" })
        #expect(Money.projectCost(guezzam, rates: rates)?.dzd == 179_000_000)
        #expect(rates.latest(.TND)?.year == 2023)
    }
}

/// Options in a plan: zero-gain options never chosen, the budget binding, the projects without effect.
@Suite(.serialized) struct PlanOptionTests {
    let data: AnalysisData

    init() throws { data = try AnalysisData(directory: geodataDirectory) }

    func plan(_ k: Int, _ configure: (inout PlanRequest) -> Void = { _ in }) throws -> PlanResult {
        var request = PlanRequest(radiusKm: 100, k: k)
        configure(&request)
        return try Planner.run(request, data: data)
    }

    /// The issue's case: `plan --radius 100 --add 3 --exclude-partner MA` listed el-borma +0 and tarat +0.
    @Test func zeroGainOptionsAreNeverChosen() throws {
        let result = try plan(3) { $0.excludePartners = [.MA] }
        #expect(!result.selected.isEmpty)
        #expect(result.selected.allSatisfy { $0.marginal > 0 }, "\(result.selected.map { "\($0.site.id) +\($0.marginal)" })")
        // Every candidate left out adds nothing given the chosen ones (else the plan would take it).
        let singles = Dictionary(uniqueKeysWithValues: result.singles)
        if result.selected.count < 3 {
            let note = try #require(result.stopNote).description
            #expect(note.contains("only \(result.selected.count) option") && note.contains("\(3 - result.selected.count) would add none"))
            #expect(result.addingOptions == result.selected.count)
        }
        #expect(result.singles.filter { $0.gain > 0 }.count >= result.selected.count)
        #expect(result.selected.allSatisfy { (singles[$0.site.id] ?? 0) > 0 })
        #expect(result.greedy.ids.allSatisfy { id in (singles[id] ?? 0) > 0 })
    }

    @Test func anEmptyPlanSaysWhy() throws {
        // Candidates that add nobody: the Moroccan crossings under goods, within 1 km only.
        let result = try plan(2) { $0.radiusKm = 0.5; $0.source = .ids(["beni-ounif", "boukanoun"]) }
        #expect(result.selected.isEmpty)
        #expect(result.stopNote?.description.contains("no option adds demand") == true)
    }

    /// A budget that binds: each option costs 10 DZD except the best alone (1,000); with 25 DZD
    /// the plan cannot take it, spends at most the budget and says what is left.
    @Test func theBudgetBinds() throws {
        let free = try plan(1) { $0.excludePartners = [.MA] }
        let best = try #require(free.selected.first?.site.id)
        let costs = Dictionary(uniqueKeysWithValues: free.candidates.map { ($0.id, $0.id == best ? 1_000.0 : 10.0) })
        let bound = try plan(3) { $0.excludePartners = [.MA]; $0.costs = costs; $0.budget = 25 }
        #expect(!bound.selected.contains { $0.site.id == best })
        #expect(bound.selected.count <= 2 && !bound.selected.isEmpty)
        let used = bound.selected.reduce(0) { $0 + ($1.cost ?? .infinity) }
        #expect(used <= 25 && PlanReport.used(bound) == used)
        let text = PlanReport.render(bound, data: data, format: .table, language: .en)
        #expect(text.contains("Budget 25 DZD: used \(formatNumber(used, decimals: 0)) DZD, left \(formatNumber(25 - used, decimals: 0)) DZD."), "\(text)")
    }

    @Test func unknownCostsAreListedNotSilent() throws {
        let result = try plan(2) { $0.excludePartners = [.MA]; $0.budget = 5e9 }
        #expect(!result.unknownCost.isEmpty)
        #expect(result.notes.map(\.description).contains { $0.hasPrefix("left out of the budgeted plan for an unknown cost") && $0.contains(result.unknownCost[0]) })
    }

    @Test func projectsWithoutCoverageEffectAreListedApart() throws {
        let result = try plan(2) { $0.excludePartners = [.MA] }
        let ids = result.noEffect.map(\.project)
        #expect(ids.contains("tebessa-posts-modernisation") && ids.contains("jelil-post") && ids.contains("tindouf-zouerate-road"))
        #expect(!ids.contains("debdeb-traveller-opening") && !ids.contains("el-borma-post"))
        #expect(result.selected.allSatisfy { !ids.contains($0.site.id) })
    }

    /// The report's side-by-side figures are coverage's, service by service.
    @Test func serviceCoverageAgreesWithCoverage() throws {
        let sites = Scenario.sites(data.knowledge, scenario: nil)
        let rows = try ServiceCoverage.compute(data, sites: sites, services: [.travellers, .goods], radiusKm: 100)
        for (position, service) in [Service.travellers, .goods].enumerated() {
            let coverage = try CoverageAnalysis(data: data).run(sites: sites, service: service, radiusKm: 100)
            #expect(rows.map { $0.covered[position] } == coverage.wilayas.map(\.coveredPopulation))
        }
    }

    @Test func scenarioTrafficOverride() throws {
        let scenario = try Scenario.parse(Data(#"{"traffic": {"debdeb": ["travellers", "goods"]}}"#.utf8), file: "s.json", linker: data.linker, proj: data.proj)
        let debdeb = try #require(Scenario.sites(data.knowledge, scenario: scenario).first { $0.id == "debdeb" })
        #expect(Service.travellers.serves(debdeb))
        #expect(throws: DataError.self) {
            try Scenario.parse(Data(#"{"traffic": {"debdb": ["goods"]}}"#.utf8), file: "s.json", linker: data.linker, proj: data.proj)
        }
    }
}

/// `--open-statuses` stays one release as a hidden alias with a deprecation notice.
@Suite(.serialized) struct ServiceOptionCLITests {
    @Test func deprecatedAliasWarnsAndMaps() throws {
        let binary = try #require(MalformedInputTests.binary, "build the CLI first (make test does)")
        let old = try run(binary, ["coverage", "--radius", "100", "--open-statuses", "open,restricted", "--format", "json"])
        let new = try run(binary, ["coverage", "--radius", "100", "--service", "any", "--format", "json"])
        #expect(old.status == 0 && new.status == 0, "\(old.stderr)")
        #expect(old.stderr.contains("--open-statuses is deprecated") && old.stderr.contains("--service any"), "\(old.stderr)")
        #expect(!new.stderr.contains("deprecated"))
        #expect(old.stdout == new.stdout)
        let help = try run(binary, ["coverage", "--help"])
        #expect(help.stdout.contains("--service") && !help.stdout.contains("--open-statuses"))
    }
}
