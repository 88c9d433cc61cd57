import Foundation
import Testing
@testable import BorderPlanKit

/// The data readers' errors in the three languages: English exactly as before, French and
/// Arabic with the location's words and the problem translated (errors.json).
@Suite struct DataErrorTextTests {
    private struct CommitteesFile: Decodable { var committees: [Committee] }

    /// A value outside a closed set, hand-checked in each language (French spacing before ':').
    @Test func closedSetErrorInEachLanguage() throws {
        let json = #"{"committees": [{"id": "c", "name_ar": "ل", "name_fr": "c", "name_en": "c", "kind": "x"}]}"#
        let error = try #require(throws: DataError.self) {
            _ = try decodeJSON(CommitteesFile.self, from: Data(json.utf8), file: "committees.json", itemName: "committee", itemList: "committees")
        }
        let allowed = "bilateral-border, joint-security, local-walis, development, tripartite"
        #expect(error.description == "committees.json, committee 1 (id 'c'), field 'kind': 'x' is not one of \(allowed)")
        #expect(error.message == "'x' is not one of \(allowed)" && error.problem?.key == "errors.json.not-one-of")
        #expect(error.text(Localizer(.en)) == error.description)
        #expect(error.text(Localizer(.fr)) == "committees.json, comité 1 (id 'c'), champ 'kind'\u{00A0}: 'x' ne fait pas partie de\u{00A0}: \(allowed)")
        #expect(error.text(Localizer(.ar)) == "committees.json، اللجنة 1 (id 'c')، الحقل 'kind': 'x' ليست من بين: \(allowed)")
    }

    /// A CSV error keeps its English text and names the line in French and Arabic.
    @Test func csvErrorNamesTheLine() throws {
        let error = try #require(throws: DataError.self) {
            try CSVReader.read(Data("a,b\n\"x\"y,z\n".utf8), file: "t.csv") { _ in }
        }
        #expect(error.description == "t.csv, line 2: field 1 has text after its closing quote (a quote inside a quoted field is written twice: \"\")")
        #expect(error.text(Localizer(.fr)).hasPrefix("t.csv, ligne 2\u{00A0}: le champ 1 a du texte après son guillemet fermant"))
        #expect(error.text(Localizer(.ar)).hasPrefix("t.csv، السطر 2: في الحقل 1 نص بعد علامة الاقتباس الختامية"))
    }

    /// A missing file, and an error of a check without a catalogue text: its English problem stays.
    @Test func missingFileAndUntranslatedProblem() throws {
        let error = try #require(throws: DataError.self) { _ = try checkInput(URL(fileURLWithPath: "/nonexistent/x.json"), kind: .scenario) }
        #expect(error.description == "/nonexistent/x.json: no such file")
        #expect(error.text(Localizer(.fr)) == "/nonexistent/x.json\u{00A0}: fichier introuvable")
        #expect(error.text(Localizer(.ar)) == "/nonexistent/x.json: الملف غير موجود")
        let other = DataError(file: "f.json", feature: "status entry 'x'", field: "status", "a check's own sentence")
        #expect(other.text(Localizer(.fr)) == "f.json, entrée de statut 'x', champ 'status'\u{00A0}: a check's own sentence")
    }
}
