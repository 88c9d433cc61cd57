import Foundation
import Geo
import Testing
@testable import BorderPlanKit

/// Real bad inputs give, in Arabic and French, a message with no English word besides the file
/// and field names, that still names the file, the line or feature and the field.
@Suite struct ErrorLanguageTests {
    /// Checks `error` in Arabic and French: it names `file` and each of `names`, and no English word is left.
    func expectTranslated(_ error: DataError, file: String, naming names: [String]) {
        for language in [Language.ar, .fr] {
            let text = error.text(Localizer(language))
            #expect(text.contains(file), "\(language.rawValue): \(text)")
            for name in names { #expect(text.contains(name), "\(language.rawValue) lacks \(name): \(text)") }
            let english = englishWords(in: text, kept: [file] + [error.field].compactMap { $0 })
            #expect(english.isEmpty, "\(language.rawValue) keeps English \(english): \(text)")
        }
        #expect(error.text(Localizer(.en)) == error.description)
    }

    /// A demand CSV whose second line has a longitude that is no number.
    @Test func csvWithABadNumber() throws {
        let error = try #require(throws: DataError.self) {
            _ = try DemandFile.parse(Data("lat,lon,weight\n30.5,abc,12\n".utf8), file: "demand.csv", csv: true, context: GeometryContext())
        }
        #expect(error.description == "demand.csv, line 2, field 'lon': 'abc' is not a finite number")
        expectTranslated(error, file: "demand.csv", naming: ["2", "'lon'", "'abc'"])
        #expect(error.text(Localizer(.fr)) == "demand.csv, ligne 2, champ 'lon'\u{00A0}: 'abc' n'est pas un nombre fini")
        #expect(error.text(Localizer(.ar)) == "demand.csv، السطر 2، الحقل 'lon': 'abc' ليس عددا منتهيا")
    }

    /// A demand GeoJSON whose feature lacks the weight property.
    @Test func geoJSONWithAMissingField() throws {
        let json = #"{"type": "FeatureCollection", "features": [{"type": "Feature", "id": "p1", "properties": {"w": 3}, "geometry": {"type": "Point", "coordinates": [5.1, 30.2]}}]}"#
        let error = try #require(throws: DataError.self) {
            _ = try DemandFile.parse(Data(json.utf8), file: "demand.geojson", csv: false, context: GeometryContext())
        }
        #expect(error.description == "demand.geojson, feature 1 (id 'p1'), field 'weight': missing weight property")
        expectTranslated(error, file: "demand.geojson", naming: ["1", "'p1'", "'weight'"])
    }

    /// A required field missing from a knowledge-base record (the JSON decoder's error).
    @Test func jsonWithAMissingRequiredField() throws {
        struct CommitteesFile: Decodable { var committees: [Committee] }
        let json = #"{"committees": [{"id": "c1", "name_ar": "ل", "name_fr": "c", "name_en": "c"}]}"#
        let error = try #require(throws: DataError.self) {
            _ = try decodeJSON(CommitteesFile.self, from: Data(json.utf8), file: "committees.json", itemName: "committee", itemList: "committees")
        }
        #expect(error.field == "kind")
        expectTranslated(error, file: "committees.json", naming: ["1", "'c1'", "'kind'"])
    }

    /// A speeds table with a zero speed.
    @Test func speedsFileWithAZeroSpeed() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }  // best-effort clean-up of the test's own folder
        let url = folder.appendingPathComponent("speeds.csv")
        try Data("class,speed_kmh\ndefault,60\noffroad,0\n".utf8).write(to: url)
        let error = try #require(throws: DataError.self) { _ = try SpeedTable.load(url) }
        #expect(error.description == "\(url.path), line 3, field 'speed_kmh': a speed must be above 0 km/h, got 0")
        expectTranslated(error, file: url.path, naming: ["3", "'speed_kmh'"])
    }

    /// A bad `--budget` amount (the plan's option parser): every language names the value given.
    @Test func badBudgetString() throws {
        let error = try #require(throws: PlanError.self) { _ = try Money.parse("5 bananas DZD") }
        #expect(error.description.hasPrefix("--budget '5 bananas DZD': '"))
        for language in [Language.ar, .fr] {
            let text = error.text(Localizer(language))
            #expect(text.contains("'5 bananas DZD'") && text.contains("'bananas'"), "\(text)")
            #expect(englishWords(in: text).isEmpty, "\(language.rawValue) keeps English \(englishWords(in: text)): \(text)")
        }
        let format = try #require(throws: PlanError.self) { _ = try Money.parse("lots") }
        #expect(englishWords(in: format.text(Localizer(.fr))).isEmpty, "\(format.text(Localizer(.fr)))")
    }

    /// The same bad `--budget` and a bad demand CSV through the command line, in French and Arabic.
    @Test func commandLineErrorsInTheRequestedLanguage() throws {
        guard let binary = builtProduct("borderplan") else { Issue.record("borderplan is not built"); return }
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }  // best-effort clean-up of the test's own folder
        let demand = folder.appendingPathComponent("demand.csv")
        try Data("lat,lon,weight\n30.5,abc,12\n".utf8).write(to: demand)
        for language in ["fr", "ar"] {
            let budget = try run(binary, ["plan", "--data", geodataDirectory.path, "--radius", "100", "--add", "1", "--budget", "5 bananas", "--lang", language])
            #expect(budget.status != 0)
            #expect(budget.stderr.contains("'5 bananas'") && englishWords(in: budget.stderr).isEmpty, "\(language): \(budget.stderr)")
            let radius = try run(binary, ["plan", "--data", geodataDirectory.path, "--radius", "-5", "--add", "1", "--lang", language])
            #expect(radius.status == 64 && radius.stderr.contains("'-5'") && englishWords(in: radius.stderr).isEmpty, "\(language): \(radius.stderr)")
            let bad = try run(binary, ["plan", "--data", geodataDirectory.path, "--radius", "100", "--add", "1", "--objective", "demand",
                                       "--demand", demand.path, "--lang", language])
            #expect(bad.status == 1)
            #expect(bad.stderr.contains(demand.path) && bad.stderr.contains("'lon'") && englishWords(in: bad.stderr, kept: [demand.path]).isEmpty,
                    "\(language): \(bad.stderr)")
        }
    }
}
