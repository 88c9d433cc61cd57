import Foundation
import Testing
@testable import BorderPlanKit

/// Text tables in the reader's language: localised numbers (never in CSV or JSON), Arabic
/// mirrored with isolated left-to-right runs, 100 columns unless `--wide`.
@Suite struct TerminalTableTests {
    let table = Table(title: "t", columns: [.init("id"), .init("population", numeric: true), .init("borders", measures: true), .init("year")],
                      rows: [["debdeb", "1848602", "TN 274.6, LY 12.5", "2026"]], footer: ["total", "1848602.5", "", ""])

    @Test func textNumbersFollowTheLanguage() {
        #expect(table.render(.table, Localizer(.en)).contains("1,848,602"))
        #expect(table.render(.table, Localizer(.en)).contains("TN 274.6, LY 12.5"))
        let french = table.render(.table, Localizer(.fr))
        #expect(french.contains("1\u{202F}848\u{202F}602") && french.contains("1\u{202F}848\u{202F}602,5") && french.contains("TN 274,6, LY 12,5"))
        // A year in a text column is not a measure: never grouped.
        #expect(french.contains("2026") && !french.contains("2\u{202F}026"))
        #expect(table.render(.markdown, Localizer(.fr)).contains("| 1\u{202F}848\u{202F}602 |"))
    }

    @Test func machineFormatsKeepMachineNumbers() throws {
        for language in Language.allCases {
            let l = Localizer(language)
            #expect(table.render(.csv, l) == "id,population,borders,year\r\ndebdeb,1848602,\"TN 274.6, LY 12.5\",2026\r\ntotal,1848602.5,,\r\n")
            let json = table.render(.json, l)
            #expect(json.contains("\"1848602\"") && json.contains("\"TN 274.6, LY 12.5\""))
        }
        // The generic JSON is keyed by the columns' machine names, the same in every language.
        let keys = Language.allCases.map { language in
            Table(columns: [.init(Localizer(language), "tables.population", numeric: true)], rows: [["12"]]).render(.json, Localizer(language))
        }
        #expect(Set(keys).count == 1 && keys[0].contains("\"population\" : \"12\"") || keys[0].contains("\"population\": \"12\""), "\(keys)")
    }

    /// Arabic: the first column at the right, every id and number isolated; the isolates take no column.
    @Test func arabicIsMirroredAndIsolated() throws {
        let l = Localizer(.ar)
        let arabic = Table(columns: [.init(l, "tables.id"), .init(l, "tables.name"), .init(l, "tables.population", numeric: true)],
                           rows: [["debdeb", "دبداب", "1848602"]])
        let lines = arabic.render(.table, l).split(separator: "\n").map(String.init)
        let row = try #require(lines.last)
        #expect(row.contains("\u{2068}debdeb\u{2069}") && row.contains("\u{2068}1.848.602\u{2069}"), "\(row)")
        // Mirrored: the population (last column) comes first on the line, the id last.
        let id = try #require(row.range(of: "debdeb")), number = try #require(row.range(of: "1.848.602"))
        #expect(number.lowerBound < id.lowerBound)
        #expect(lines[0].hasSuffix(l.text("tables.id")))
        // Display widths: the header, the rule and the row line up once the isolates are ignored.
        let widths = lines.map { Table.width($0) }
        #expect(widths[1] == widths[2], "\(lines)")
        #expect(Table.width("\u{2068}debdeb\u{2069}") == 6 && Table.width("مُحَمَّد") == 4)
    }

    @Test func wideTablesHideSecondaryColumnsWithANote() {
        let long = String(repeating: "x", count: 40)
        let wide = Table(columns: [.init("a"), .init("b", priority: 1), .init("c", priority: 2), .init("d")], rows: [[long, long, long, long + " " + long]])
        for language in Language.allCases {
            let l = Localizer(language)
            // Compared without the isolates the Arabic table puts around "100" and "--wide".
            let text = wide.render(.table, l).filter { $0 != Bidi.firstStrongIsolate && $0 != Bidi.popIsolate }
            #expect(text.split(separator: "\n").allSatisfy { Table.width(String($0)) <= 100 }, "\(text)")
            #expect(text.contains(l.text("tables.hiddenColumns", ["count": "1"])) || text.contains(l.text("tables.hiddenColumns", ["count": "2"])))
            #expect(!wide.render(.table, l, wide: true).contains(l.text("tables.hiddenColumns", ["count": "1"])))
        }
        // Column c (priority 2) goes first; a long cell wraps rather than overflow.
        let text = wide.render(.table)
        #expect(text.contains("Columns hidden to fit 100 columns: 1"))
        #expect(text.split(separator: "\n").count > 4)
    }
}

/// Every command's text output, run in-process on the committed data, in the three languages.
@Suite(.serialized) struct CommandTableTests {
    static let outputs: [Language: [String: String]] = {
        do { return try CommandTableTests.render() } catch { preconditionFailure("commands failed on the committed data: \(error)") }
    }()

    /// The default text output of every command, by language then command.
    static func render() throws -> [Language: [String: String]] {
        let data = try AnalysisData(directory: geodataDirectory)
        let sites = Scenario.sites(data.knowledge, scenario: nil, language: .en)
        let coverage = try CoverageAnalysis(data: data).run(sites: sites, service: .travellers, radiusKm: 100)
        let without = try CoverageAnalysis(data: data).run(sites: sites.filter { $0.id != "oum-teboul" }, service: .travellers, radiusKm: 100)
        let units = try UnitCoverage.compute(data, by: .commune, open: data.servingSites(sites, .travellers).map(\.location), radiusKm: 100)
        guard let site = sites.first(where: { $0.id == "debdeb" }) else { throw UnknownIdentifier(kind: "crossing", id: "debdeb", closest: []) }
        let catchment = try CatchmentReport.compute(data, site: site, sites: sites, service: .travellers, radiusKm: 100, mode: .disc)
        var request = PlanRequest(radiusKm: 100, k: 2)
        request.excludePartners = [.MA]
        let plan = try Planner.run(request, data: data)
        request.objective = .distance
        request.k = 1
        let distancePlan = try Planner.runDistance(request, data: data)
        let findings = try KnowledgeValidation(linker: data.linker, asOf: PartialDate("2026-11-30")!).run()
        var outputs: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let a = try Endpoint.resolve("debdeb", data: data, language: language), b = try Endpoint.resolve("Alger", data: data, language: language)
            outputs[language] = [
                "borders": try BordersReport.render(data.geodata, format: .table, language: language),
                "wilayas": try WilayasReport.render(data.geodata, borderOnly: false, format: .table, language: language),
                "crossings": try CrossingsReport.list(data.linker, filter: .init(), format: .table, language: language),
                "crossing": try CrossingsReport.detail(data.linker, id: "debdeb", asOf: PartialDate("2026-11-30")!, format: .table, language: language),
                "committees": try CommitteesReport.render(data.linker, asOf: PartialDate("2026-11-30")!, format: .table, language: language),
                "projects": ProjectsReport.render(data.knowledge, format: .table, language: language),
                "validate": ValidateReport.render(findings, asOf: PartialDate("2026-11-30")!, format: .table, language: language),
                "distance": DistanceReport.render(from: a, to: b, format: .table, language: language),
                "distances": try DistanceMatrixReport.render(data, sites: sites, service: .travellers, format: .table, language: language),
                "catchment": CatchmentReport.render(catchment, data: data, format: .table, language: language),
                "coverage": CoverageReport.render(coverage, data: data, format: .table, language: language),
                "coverage --by commune": UnitCoverage.render(units, by: .commune, data: data, radiusKm: 100, format: .table, language: language),
                "compare": CompareReport.render(baseline: coverage, scenarios: [.init(name: "without Oum Teboul", result: without)], data: data, format: .table, language: language),
                "plan": PlanReport.render(plan, data: data, format: .table, language: language),
                "plan --objective distance": DistancePlanReport.render(distancePlan, data: data, format: .table, language: language),
            ]
        }
        return outputs
    }

    @Test func everyCommandFitsOneHundredColumns() {
        for (language, commands) in Self.outputs {
            for (command, text) in commands {
                let wide = text.split(separator: "\n").filter { Table.width(String($0)) > 100 }
                #expect(wide.isEmpty, "\(command) --lang \(language.rawValue): \(wide.count) lines wider than 100 columns, first: \(wide.first ?? "")")
            }
        }
    }

    /// The header of a text output's first table: the line above its first rule.
    static func header(_ text: String) -> String {
        let lines = text.split(separator: "\n").map(String.init)
        guard let rule = lines.firstIndex(where: { $0.hasPrefix("─") }), rule > 0 else { return "" }
        return lines[rule - 1]
    }

    @Test(arguments: ["plan", "coverage", "crossings", "committees", "borders"])
    func headersAreLocalised(_ command: String) throws {
        let english = Self.header(try #require(Self.outputs[.en]?[command]))
        for language in [Language.fr, .ar] {
            let text = try #require(Self.outputs[language]?[command])
            let header = Self.header(text)
            #expect(header != english, "\(command) --lang \(language.rawValue): \(header)")
            #expect(!header.contains("wilaya code") && !header.contains("population (") && !header.contains("status"), "\(header)")
        }
        #expect(Self.header(try #require(Self.outputs[.fr]?["plan"])).contains("rang"))
        #expect(Self.header(try #require(Self.outputs[.ar]?["plan"])).contains("الرتبة"))
    }

    /// Numbers localised in text: English groups thousands, French uses the narrow no-break space,
    /// Arabic the dot; the ids and numbers of the Arabic tables are isolated.
    @Test func numbersAndIsolates() throws {
        let english = try #require(Self.outputs[.en]?["coverage"]), french = try #require(Self.outputs[.fr]?["coverage"])
        let arabic = try #require(Self.outputs[.ar]?["crossings"])
        #expect(english.range(of: #"\d,\d{3},\d{3}"#, options: .regularExpression) != nil, "\(english.prefix(600))")
        #expect(french.range(of: "\\d\u{202F}\\d{3}\u{202F}\\d{3}", options: .regularExpression) != nil)
        #expect(arabic.contains("\u{2068}debdeb\u{2069}"), "\(arabic.prefix(600))")
        let arabicCoverage = try #require(Self.outputs[.ar]?["coverage"])
        #expect(arabicCoverage.range(of: "\u{2068}\\d{1,3}(\\.\\d{3})+\u{2069}", options: .regularExpression) != nil)
        // No Latin digit outside an isolate on an Arabic table row.
        for line in arabicCoverage.split(separator: "\n") {
            var depth = 0
            for character in line {
                if character == "\u{2068}" { depth += 1 } else if character == "\u{2069}" { depth -= 1 } else if character.isASCII && character.isNumber {
                    #expect(depth > 0, "bare digit in: \(line)")
                    break
                }
            }
        }
    }
}
