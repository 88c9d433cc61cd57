import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// The "done when": init from the files, 50 scripted edits of the four kinds (crossing
/// status and events, new crossings, project progress and new projects, committee sessions),
/// export, and the files equal the fixture in Corpus/kb-roundtrip (checked by hand: `diff -r
/// geodata Corpus/kb-roundtrip` shows these edits and nothing else).
@Suite(.serialized) struct KnowledgeRoundTripTests {
    static let fixture = repositoryRoot.appendingPathComponent("Tests/BorderPlanKitTests/Corpus/kb-roundtrip")

    /// The 50 edits; each returns its source title so the journal can be checked against it.
    static func script(_ editor: KnowledgeEditor) throws -> [String] {
        var titles: [String] = []
        func run(_ kind: RecordKind, _ id: String, _ title: String, _ date: String, change: (StoredJSON?, EditSource) throws -> StoredJSON?) throws {
            let source = try EditSource(title: title, date: date, url: "https://example.org/\(titles.count + 1)")
            try editor.edit(kind, id: id, author: titles.count.isMultiple(of: 2) ? "amina" : "karim", source: source, note: "scripted edit \(titles.count + 1)") {
                try change($0, source)
            }
            titles.append(title)
        }
        let statusEdits: [(String, CrossingStatus)] = [("betita", .suspended), ("bouchebka", .open), ("el-ayoun", .closed), ("lahdada", .open),
                                                       ("taleb-larbi", .suspended), ("debdeb", .open), ("in-guezzam", .suspended), ("tin-zaouatine", .closed),
                                                       ("timiaouine", .closed), ("mustapha-ben-boulaid", .open), ("oum-teboul", .open), ("el-meridj", .suspended)]
        for (index, (id, status)) in statusEdits.enumerated() {
            try run(.crossing, id, "APS status bulletin \(index + 1)", "2026-11-\(10 + index)") { current, source in
                try KnowledgeEdits.setStatus(current!, status: status, date: "2026-11-\(10 + index)", note: "Status \(status.rawValue) per bulletin \(index + 1).", source: source)
            }
        }
        let eventEdits: [(String, CrossingEventKind)] = [("betita", .trafficRecord), ("bouchebka", .visit), ("el-borma", .upgradeProgress), ("el-fouidh", .meeting),
                                                         ("ras-el-ayoun", .statement), ("tarat", .announced), ("tin-alkoum", .visit), ("bordj-badji-mokhtar", .statement),
                                                         ("akid-lotfi", .statement), ("beni-ounif", .trafficRecord), ("boukanoun", .statement), ("souk-ahras-rail", .upgradeStarted)]
        for (index, (id, event)) in eventEdits.enumerated() {
            try run(.crossing, id, "El Moudjahid report \(index + 1)", "2026-10-\(10 + index)") { current, source in
                try KnowledgeEdits.addEvent(current!, date: "2026-10-\(10 + index)", event: event, note: "Reported event \(index + 1) (\(event.rawValue)).", source: source)
            }
        }
        let projectEdits: [(String, ProjectPhase?, Double?, String?)] = [
            ("debdeb-upgrade", .completed, 100, nil), ("in-guezzam-upgrade", .inProgress, 40, "1.2 bn DZD"), ("el-borma-post", nil, 65, nil),
            ("oum-teboul-autopassage", .inProgress, 30, "850 M DZD"), ("tindouf-zouerate-road", nil, 72.5, nil), ("tindouf-free-zone", .inProgress, 55, nil),
            ("jelil-post", .stalled, nil, nil), ("hazoua-post", nil, 12, "95 M TND"), ("tin-alkoum-opening", .planned, nil, nil),
            ("debdeb-free-zone", .planned, nil, "3 bn DZD"), ("trans-saharan-road-dz", nil, 88, nil), ("souk-ahras-posts-rehabilitation", .completed, 100, nil)]
        for (index, (id, phase, percent, cost)) in projectEdits.enumerated() {
            try run(.project, id, "Ministry progress report \(index + 1)", "2026-09-\(10 + index)") { current, source in
                try KnowledgeEdits.setProject(current!, phase: phase, percent: percent, cost: try cost.map(KnowledgeEdits.parseCost), date: "2026-09-\(10 + index)", source: source)
            }
        }
        let newProjects: [(String, String, ProjectKind)] = [("betita-modernisation", "betita", .post), ("lahdada-road", "lahdada", .road),
                                                            ("in-guezzam-free-zone-2", "in-guezzam", .freeZone), ("akid-lotfi-rail", "akid-lotfi", .rail)]
        for (index, (id, crossing, kind)) in newProjects.enumerated() {
            try run(.project, id, "Council of ministers communiqué \(index + 1)", "2026-08-\(10 + index)") { current, source in
                #expect(current == nil)
                return KnowledgeEdits.newProject(id: id, crossing: crossing, kind: kind, aim: (ar: "مشروع مبرمج \(index + 1)", fr: "projet scripté \(index + 1)", en: "scripted project \(index + 1)"), phase: .announced, notes: nil, source: source)
            }
        }
        let sessions: [(String, String, String)] = [("dz-ne-bilateral-border", "2026-06-02", "Niamey"), ("dz-ml-bilateral-border", "2026-06-09", "Bamako"),
                                                    ("dz-mr-bilateral-border", "2026-06-16", "Nouakchott"), ("dz-tn-local-walis", "2026-06-23", "El Kef"),
                                                    ("dz-tn-border-development", "2026-07-01", "Tunis"), ("dz-ly-joint-security", "2026-07-08", "Tripoli"),
                                                    ("dz-tn-ly-tripartite", "2026-07-15", "Algiers"), ("dz-ne-bilateral-border", "2025-01-20", "Algiers")]
        for (index, (id, date, place)) in sessions.enumerated() {
            try run(.committee, id, "Joint communiqué \(index + 1)", date) { current, source in
                try KnowledgeEdits.addSession(current!, start: date, end: nil, place: place, number: nil, source: source)
            }
        }
        let newCrossings = [NewCrossing(id: "test-tn-north", nameAR: "معبر تجريبي شمالي", nameFR: "Poste test nord", nameEN: "Test north crossing", partner: .TN, kind: .road,
                                        algerianTown: nil, status: .planned, official: false, lat: 36.50, lon: 8.42, precisionKm: 5, coordinateSource: "scripted"),
                            NewCrossing(id: "test-ly-south", nameAR: "معبر تجريبي جنوبي", nameFR: "Poste test sud", nameEN: "Test south crossing", partner: .LY, kind: .road,
                                        algerianTown: nil, status: .planned, official: false, lat: 25.1, lon: 10.0, precisionKm: 8, coordinateSource: "scripted")]
        for (index, crossing) in newCrossings.enumerated() {
            try run(.crossing, crossing.id, "Wilaya announcement \(index + 1)", "2026-07-\(20 + index)") { current, source in
                #expect(current == nil)
                return KnowledgeEdits.newCrossing(crossing, source: source)
            }
        }
        return titles
    }

    @Test func fiftyEditsExportToTheFixture() throws {
        let scratch = try ScratchFolder()
        let editor = try scratchEditor(scratch)
        let titles = try Self.script(editor)
        #expect(titles.count == 50)
        let out = scratch.file("export")
        try editor.store.writeFiles(to: out)
        for kind in RecordKind.allCases {
            let exported = try Data(contentsOf: out.appendingPathComponent(kind.file))
            if ProcessInfo.processInfo.environment["BORDERPLAN_WRITE_FIXTURES"] == "1" {
                try exported.write(to: Self.fixture.appendingPathComponent(kind.file))
            }
            #expect(exported == (try Data(contentsOf: Self.fixture.appendingPathComponent(kind.file))), "\(kind.file) differs from the fixture")
        }
        // validate passes on the exported files (with the geodata's other layers).
        let knowledge = try KnowledgeBase.load(directory: out, context: GeometryContext())
        let geodata = Geodata(directory: geodataDirectory)
        let findings = try KnowledgeValidation(linker: try KnowledgeLinker(geodata: geodata, knowledge: knowledge, proj: try ProjContext()),
                                               asOf: PartialDate("2026-11-30")!).run()
        #expect(findings.filter { $0.severity == .error } == [])
        // The journal: 50 entries, in order, each with its source.
        let journal = try editor.store.journal()
        #expect(journal.map(\.source.title) == titles)
        #expect(journal.allSatisfy { $0.source.url != nil && $0.source.date != nil })
        let log = JournalReport.render(journal)
        #expect(log.hasSuffix("50 edit(s)\n"))
        for title in titles { #expect(log.contains("source: \(title), ")) }
        #expect(try editor.store.verify() == [])
    }
}
