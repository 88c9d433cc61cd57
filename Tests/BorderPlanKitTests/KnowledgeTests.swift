import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// Small knowledge-base fixtures on the real geodata.
enum Fixture {
    static let source = SourceReference(title: "fixture", date: "2024-01-01", url: nil)

    static func crossing(_ id: String, partner: Partner, lat: Double, lon: Double, precision: Double = 5,
                         status: CrossingStatus = .open, document: Partner? = nil, historyDate: String = "2022-07-15") -> Crossing {
        Crossing(id: id, nameAR: id, nameFR: id, nameEN: id, partner: partner, algerianTown: nil, partnerTown: nil, status: status,
                 statusNote: nil, official: true, precisionKm: precision, coordinateSource: "fixture", documentPartner: document,
                 history: [CrossingEvent(date: historyDate, event: .reopened, note: "fixture", source: source)], sources: [source],
                 notes: nil, location: Coordinate(lon: lon, lat: lat), featureLabel: "feature (id '\(id)')")
    }

    static func committee(_ id: String, partner: Partner, kind: CommitteeKind = .bilateralBorder, last: String? = "2025-06-01",
                          codes: [String]? = nil, scope: WilayaScope? = nil) -> Committee {
        Committee(id: id, nameAR: id, nameFR: id, nameEN: id, kind: kind, partner: partner, foundingProtocol: "1997-10-30", sessionsHeld: 1,
                  lastSession: last.map { Committee.Session(place: "Algiers", start: $0, end: $0) },
                  algerianWilayas: codes, algerianWilayasNote: nil, algerianWilayaCodes: codes, algerianWilayasScope: scope,
                  foreignProvinces: nil, notes: nil, sources: [source])
    }

    static func project(_ id: String, crossing: String, phase: ProjectPhase = .inProgress) -> Project {
        Project(id: id, crossing: crossing, otherCrossings: nil, kind: .post, aimAR: "fixture", aimFR: "fixture", aimEN: "fixture", phase: phase, percentComplete: 50, percentCompleteDate: nil,
                geometry: nil, cost: nil, started: "2021", completed: nil, expected: nil, notes: nil, sources: [source])
    }

    static let debdeb = crossing("debdeb", partner: .LY, lat: 30.0, lon: 9.45, precision: 6)
    static let inGuezzam = crossing("in-guezzam", partner: .NE, lat: 19.45, lon: 5.79, precision: 8)

    /// A consistent base: two crossings, one project, a committee for every partner,
    /// a local meeting naming the current Niger border wilayas.
    static func base() -> KnowledgeBase {
        KnowledgeBase(crossings: [debdeb, inGuezzam], projects: [project("debdeb-works", crossing: "debdeb")],
                      committees: Partner.allCases.map { committee("dz-\($0.rawValue.lowercased())", partner: $0) }
                        + [committee("dz-ne-local", partner: .NE, kind: .localWalis, last: "2025-01", codes: ["11", "54", "56"], scope: .named)])
    }
}

@Suite(.serialized) struct KnowledgeValidationTests {
    let geodata = Geodata(directory: geodataDirectory)
    static let asOf = PartialDate("2026-11-30")!

    func findings(_ knowledge: KnowledgeBase) throws -> [Finding] {
        let linker = try KnowledgeLinker(geodata: geodata, knowledge: knowledge, proj: try ProjContext())
        return try KnowledgeValidation(linker: linker, asOf: Self.asOf).run()
    }

    func has(_ findings: [Finding], _ rule: String, _ subject: String) -> Bool {
        findings.contains { $0.rule == rule && $0.subject == subject }
    }

    /// Checks that `rule` fires for `subject` on `triggering` and not on the base fixture.
    func expectRule(_ rule: String, _ subject: String, severity: Finding.Severity, on triggering: KnowledgeBase,
                    base: KnowledgeBase = Fixture.base(), sourceLocation: SourceLocation = #_sourceLocation) throws {
        let hit = try findings(triggering).filter { $0.rule == rule && $0.subject == subject }
        #expect(!hit.isEmpty, "\(rule) should fire for \(subject)", sourceLocation: sourceLocation)
        #expect(hit.allSatisfy { $0.severity == severity }, sourceLocation: sourceLocation)
        #expect(!has(try findings(base), rule, subject), "\(rule) should not fire on the base fixture", sourceLocation: sourceLocation)
    }

    @Test func baseFixtureHasNoErrors() throws {
        #expect(try findings(Fixture.base()).filter { $0.severity == .error }.isEmpty)
    }

    @Test func duplicateID() throws {
        var kb = Fixture.base()
        kb.crossings.append(Fixture.debdeb)
        try expectRule("duplicate-id", "debdeb", severity: .error, on: kb)
    }

    @Test func unresolvedReference() throws {
        var kb = Fixture.base()
        kb.projects.append(Fixture.project("typo", crossing: "debdb"))
        try expectRule("unresolved-reference", "typo", severity: .error, on: kb)
        let message = try findings(kb).first { $0.subject == "typo" }?.message ?? ""
        #expect(message.contains("closest: debdeb"))
    }

    @Test func malformedDate() throws {
        var kb = Fixture.base()
        kb.crossings[0] = Fixture.crossing("debdeb", partner: .LY, lat: 30.0, lon: 9.45, precision: 6, historyDate: "2021-13-01")
        try expectRule("malformed-date", "debdeb", severity: .error, on: kb)
        var leap = Fixture.base()
        leap.crossings[0] = Fixture.crossing("debdeb", partner: .LY, lat: 30.0, lon: 9.45, precision: 6, historyDate: "2023-02-29")
        #expect(has(try findings(leap), "malformed-date", "debdeb"), "2023 is not a leap year")
    }

    @Test func invalidValue() throws {
        var kb = Fixture.base()
        kb.crossings[0].precisionKm = -1
        try expectRule("invalid-value", "debdeb", severity: .error, on: kb)
    }

    @Test func lastSessionIsTheLatestOfSessions() throws {
        var kb = Fixture.base()
        kb.committees[0].sessions = [Committee.Session(place: "Algiers", start: "2025-06-01", end: "2025-06-01", number: 1, source: Fixture.source),
                                     Committee.Session(place: "Niamey", start: "2026-03", end: nil, number: 2, source: Fixture.source)]
        try expectRule("invalid-value", kb.committees[0].id, severity: .error, on: kb)
        kb.committees[0].sessions?.removeLast()
        #expect(!has(try findings(kb), "invalid-value", kb.committees[0].id), "the 2025-06-01 session is the last one")
    }

    @Test func coordinatesOutOfRange() throws {
        var kb = Fixture.base()
        kb.crossings[0].location = Coordinate(lon: 9.45, lat: 95)
        try expectRule("coordinates-out-of-range", "debdeb", severity: .error, on: kb)
    }

    @Test func farFromBorder() throws {
        var kb = Fixture.base()
        // Ghardaïa, some 400 km from any land border.
        kb.crossings.append(Fixture.crossing("ghardaia", partner: .TN, lat: 32.49, lon: 3.67))
        try expectRule("far-from-border", "ghardaia", severity: .error, on: kb)
    }

    @Test func documentPartnerDisagreesWithGeometry() throws {
        var kb = Fixture.base()
        kb.crossings[1].documentPartner = .ML
        try expectRule("document-partner", "in-guezzam", severity: .disagreement, on: kb)
        let message = try findings(kb).first { $0.rule == "document-partner" }?.message ?? ""
        #expect(message.contains("Mali") && message.contains("Niger"))
    }

    @Test func partnerVersusGeometry() throws {
        var kb = Fixture.base()
        kb.crossings[1].partner = .ML
        try expectRule("partner-vs-geometry", "in-guezzam", severity: .disagreement, on: kb)
    }

    @Test func outdatedLocalWilaya() throws {
        var kb = Fixture.base()
        // Illizi (33) no longer touches Niger since Djanet (56) was carved from it.
        kb.committees.append(Fixture.committee("old-ne", partner: .NE, kind: .localWalis, codes: ["11", "33"], scope: .named))
        try expectRule("outdated-local-wilaya", "old-ne", severity: .disagreement, on: kb)
        let message = try findings(kb).first { $0.rule == "outdated-local-wilaya" }?.message ?? ""
        #expect(message.contains("Djanet (56"))
    }

    @Test func unnamedBorderWilaya() throws {
        var kb = Fixture.base()
        kb.committees.removeAll { $0.id == "dz-ne-local" }
        kb.committees.append(Fixture.committee("dz-ne-local", partner: .NE, kind: .localWalis, codes: ["11", "54"], scope: .named))
        try expectRule("unnamed-border-wilaya", "56", severity: .disagreement, on: kb)
    }

    @Test func wilayaWithoutCrossing() throws {
        var kb = Fixture.base()
        let before = try findings(kb)
        #expect(has(before, "wilaya-without-crossing", "37"), "Tindouf has no crossing in the base fixture")
        kb.crossings.append(Fixture.crossing("pk75", partner: .MR, lat: 26.99, lon: -7.02, precision: 15))
        #expect(!has(try findings(kb), "wilaya-without-crossing", "37"))
    }

    @Test func borderWithoutCommittee() throws {
        var kb = Fixture.base()
        kb.committees.removeAll { $0.partner == .MA }
        try expectRule("border-without-committee", "MA", severity: .warning, on: kb)
    }

    @Test func staleCommittee() throws {
        var kb = Fixture.base()
        kb.committees.append(Fixture.committee("dz-ly-security", partner: .LY, kind: .jointSecurity, last: "2012-02"))
        try expectRule("stale-committee", "dz-ly-security", severity: .warning, on: kb)
        // 2012-02 counts from its last possible day: 14.8 years before 2026-11-30.
        let finding = try #require(try findings(kb).first { $0.subject == "dz-ly-security" })
        #expect(finding.message == "dz-ly-security: last session 2012-02 in Algiers, 14.8 years before 2026-11-30")
        // Hand-checked translations: French spacing before ':' and ';', decimal comma, French
        // month; Arabic with Algeria's month name (فيفري) and the decimal comma of ar-DZ.
        #expect(finding.text(Localizer(.fr)) == "dz-ly-security\u{00A0}: dernière session\u{00A0}: février 2012, à Algiers\u{202F}; 14,8 ans avant la date de référence (30 novembre 2026)")
        #expect(finding.text(Localizer(.ar)) == "dz-ly-security: آخر دورة بتاريخ فيفري 2012 في Algiers، أي قبل 14,8 سنة من 30 نوفمبر 2026")
        #expect(finding.terminalText(Localizer(.ar)).contains("\u{2068}dz-ly-security\u{2069}"))
    }

    /// Every rule has a text in the three languages (the catalogue's tests then check that
    /// the placeholders agree), and every finding the rules make names a key of the catalogue.
    @Test func everyRuleHasATextInEveryLanguage() throws {
        let catalogue = Catalogue.shared
        for rule in FindingRule.allCases {
            for language in Language.allCases {
                let keys = (catalogue.texts[language] ?? [:]).keys.filter { $0 == "finding.\(rule.rawValue)" || $0.hasPrefix("finding.\(rule.rawValue).") }
                #expect(!keys.isEmpty, "\(rule.rawValue) has no text in \(language.rawValue)")
            }
        }
        var kb = Fixture.base()
        kb.crossings.append(Fixture.debdeb)
        kb.crossings[0].precisionKm = 20
        kb.projects.append(Fixture.project("typo", crossing: "debdb"))
        kb.committees.removeAll { $0.partner == .MA }
        for finding in try findings(kb) {
            #expect(catalogue.texts[.en]?[finding.key] != nil, "\(finding.key) is not in the catalogue")
            #expect(!finding.text(Localizer(.ar)).contains("{") && !finding.text(Localizer(.fr)).contains("{"), "\(finding.key): an argument is missing")
        }
    }

    @Test func impreciseCoordinates() throws {
        var kb = Fixture.base()
        kb.crossings[0].precisionKm = 20
        try expectRule("imprecise-coordinates", "debdeb", severity: .warning, on: kb)
    }

    @Test func outsideAlgeria() throws {
        var kb = Fixture.base()
        // 8 km east of the Tébessa border into Tunisia, precision 10 km.
        kb.crossings.append(Fixture.crossing("across", partner: .TN, lat: 35.18, lon: 8.50, precision: 10))
        try expectRule("outside-algeria", "across", severity: .warning, on: kb)
    }
}

@Suite struct KnowledgeLinkTests {
    let geodata = Geodata(directory: geodataDirectory)

    func linker() throws -> KnowledgeLinker {
        try KnowledgeLinker(geodata: geodata, knowledge: try KnowledgeBase.load(directory: geodataDirectory, context: geodata.context), proj: try ProjContext())
    }

    @Test func committedKnowledgeBaseHasNoErrors() throws {
        let findings = try KnowledgeValidation(linker: try linker(), asOf: PartialDate("2026-11-30")!).run()
        #expect(findings.filter { $0.severity == .error }.isEmpty, "\(findings.filter { $0.severity == .error })")
        // The document's In Guezzam "Algeria–Mali" claim is flagged against the geometry.
        #expect(findings.contains { $0.rule == "document-partner" && $0.subject == "in-guezzam" })
        // Adrar and Tamanrasset no longer touch Mali.
        #expect(findings.filter { $0.rule == "outdated-local-wilaya" && $0.subject == "dz-ml-local-walis" }.count == 2)
        // The Libya security committee last met in February 2012.
        #expect(findings.contains { $0.rule == "stale-committee" && $0.subject == "dz-ly-joint-security" })
    }

    @Test func inGuezzamIsOnTheNigerBorderInItsOwnWilaya() throws {
        let linker = try linker()
        let crossing = try #require(linker.knowledge.crossing(id: "in-guezzam"))
        let links = try linker.links(for: crossing)
        #expect(links.wilaya?.code == "54")
        #expect(links.border == .NE)
        // Committees: the Niger bilateral committee and the local meeting naming Tamanrasset,
        // the wilaya In Guezzam was carved from; nothing of Mali's.
        #expect(links.committees.contains("dz-ne-bilateral-border"))
        #expect(links.committees.contains("dz-ne-local-walis"))
        #expect(!links.committees.contains { $0.hasPrefix("dz-ml") })
        // Algiers–In Guezzam is some 1,900 km; GeographicLib gives 1933.4 km from Algiers
        // (36.73225 N, 3.08746 E, GeoNames) to (19.45 N, 5.79 E); 0.5 km covers the rounding.
        #expect(abs((links.kmToAlgiers ?? 0) - 1933.4) < 0.5)
        #expect(links.nearestPlaces.first?.place.name == "In Guezzam")
    }

    @Test func debdebIsOnTheLibyaBorderInIllizi() throws {
        let linker = try linker()
        let links = try linker.links(for: try #require(linker.knowledge.crossing(id: "debdeb")))
        #expect(links.wilaya?.code == "33")
        #expect(links.border == .LY)
        #expect((links.kmToBorder ?? 99) < 5)
    }

    @Test func geodesicDistanceToALineMatchesABruteForceMinimum() throws {
        // The meridian 10° E from 0° to 10° N and the point (9° E, 5° N). Reference: the minimum of
        // the geodesic inverse distance over the meridian's latitudes, found by ternary search
        // (independent of the projection the library uses). 1 m covers the 0.01° densification.
        let point = Coordinate(lon: 9, lat: 5)
        var low = 4.0, high = 6.0
        for _ in 0..<200 {
            let a = low + (high - low) / 3, b = high - (high - low) / 3
            if Geodesic.wgs84.distance(point, Coordinate(lon: 10, lat: a)) < Geodesic.wgs84.distance(point, Coordinate(lon: 10, lat: b)) { high = b } else { low = a }
        }
        let reference = Geodesic.wgs84.distance(point, Coordinate(lon: 10, lat: (low + high) / 2))
        // Sanity: less than the distance along the parallel, 110,950.5 m (a·cos φ/√(1−e²sin²φ)·π/180, hand-computed).
        #expect(reference < 110_950.5 && reference > 110_800)
        let context = GeometryContext()
        let line = try Geometry.lineString([Coordinate(lon: 10, lat: 0), Coordinate(lon: 10, lat: 10)], in: context)
        let result = try GeodesicDistance(proj: try ProjContext()).nearest(from: point, to: line)
        #expect(abs(result.distance - reference) < 1)
        #expect(abs(result.nearest.lon - 10) < 1e-7, "on the meridian to 1 cm (found in the projection, then projected back)")
    }

    @Test func crossingsJSONContract() throws {
        let text = try CrossingsReport.list(try linker(), filter: .init(), format: .json, language: .en)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let crossings = try #require(object["crossings"] as? [[String: Any]])
        let knowledge = try KnowledgeBase.load(directory: geodataDirectory, context: geodata.context)
        #expect(crossings.count == knowledge.crossings.count)
        for crossing in crossings {
            #expect(Set(crossing.keys) == ["id", "name", "partner", "kind", "border", "wilaya", "status", "traffic", "regime", "lat", "lon", "precision_km", "km_to_border"])
            let wilaya = try #require(crossing["wilaya"] as? [String: Any])
            #expect(Set(wilaya.keys) == ["code", "name"])
        }
        // Per-partner counts follow the shipped file (not pinned: the knowledge base grows).
        let counts = Dictionary(grouping: crossings, by: { $0["partner"] as? String ?? "" }).mapValues(\.count)
        #expect(counts == Dictionary(grouping: knowledge.crossings, by: \.partner.rawValue).mapValues(\.count))
        #expect(Set(crossings.compactMap { $0["kind"] as? String }) == ["road", "rail"])
    }

    @Test func crossingDetailJSONContract() throws {
        let text = try CrossingsReport.detail(try linker(), id: "debdeb", asOf: PartialDate("2026-11-30")!, format: .json, language: .fr)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        for key in ["id", "name", "partner", "border", "wilaya", "status", "lat", "lon", "precision_km", "km_to_border",
                    "history", "projects", "committees", "nearest_places", "distances_km"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let committees = try #require(object["committees"] as? [[String: Any]])
        let security = try #require(committees.first { $0["id"] as? String == "dz-ly-joint-security" })
        #expect(Set(security.keys) == ["id", "kind", "partner", "last_session", "years_since_last"])
        #expect(security["years_since_last"] as? Double == 14.8)
    }

    @Test func unknownIDListsTheClosest() throws {
        #expect {
            _ = try CrossingsReport.detail(try linker(), id: "debdb", asOf: .today(), format: .table, language: .en)
        } throws: { error in
            (error as? UnknownIdentifier)?.closest.first == "debdeb"
        }
    }
}

@Suite struct PartialDateTests {
    @Test func parsesAndRejects() {
        #expect(PartialDate("2012-02")?.description == "2012-02")
        #expect(PartialDate("2024-02-29") != nil)
        #expect(PartialDate("2023-02-29") == nil)
        #expect(PartialDate("2012-2") == nil)
        #expect(PartialDate("12-02-2012") == nil)
        #expect(PartialDate("") == nil)
    }

    @Test func yearsCountFromTheLastPossibleDay() {
        // 2021-10-26 → 2026-11-30: 1861 days = 5.095 years (hand-counted: 5 years + 35 days, 2024 leap).
        let years = PartialDate("2021-10-26")!.years(until: PartialDate("2026-11-30")!)
        #expect(abs(years - 1861 / 365.2425) < 1e-9)
        #expect(PartialDate.fromDayNumber(PartialDate("2026-11-30")!.earliestDay) == PartialDate("2026-11-30"))
    }
}
