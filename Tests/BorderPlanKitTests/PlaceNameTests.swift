import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// `ArabicScript.isAlgerianArabic`: the letters Algerian usage writes, nothing else.
@Suite struct ArabicScriptTests {
    @Test func acceptsArabicAsAlgeriaWritesIt() {
        #expect(ArabicScript.isAlgerianArabic("الجزائر"))
        #expect(ArabicScript.isAlgerianArabic("معبر عين ڨزام"))        // Maghrebi gaf U+06A8
        #expect(ArabicScript.isAlgerianArabic("ڤالمة"))                // veh U+06A4
        #expect(ArabicScript.isAlgerianArabic("الجَزَائِرُ"))              // harakat U+064B–U+0652
        #expect(ArabicScript.isAlgerianArabic("ٱلجزائر"))              // alef wasla U+0671
        #expect(ArabicScript.isAlgerianArabic("سيدي بلعباس"))
        #expect(ArabicScript.isAlgerianArabic("عين-الترك"))
        #expect(ArabicScript.isAlgerianArabic("موسى"))                 // alef maksura ends the word
        #expect(ArabicScript.isAlgerianArabic("بئر العاتر"))            // ئ inside a word
    }

    @Test func rejectsOtherLanguagesLatinDigitsAndPunctuation() {
        #expect(!ArabicScript.isAlgerianArabic("batnہ"))               // Urdu heh goal U+06C1 and Latin
        #expect(!ArabicScript.isAlgerianArabic("تبسہ"))                // Urdu heh goal alone
        #expect(!ArabicScript.isAlgerianArabic("jەzayyr"))             // Kurdish ae U+06D5
        #expect(!ArabicScript.isAlgerianArabic("جەزائیر"))             // Kurdish ae and Persian yeh
        #expect(!ArabicScript.isAlgerianArabic("ستیف"))                // Persian yeh U+06CC
        #expect(!ArabicScript.isAlgerianArabic("مسکره"))               // Persian keheh U+06A9
        #expect(!ArabicScript.isAlgerianArabic("المھدية"))             // Urdu heh doachashmee U+06BE
        #expect(!ArabicScript.isAlgerianArabic("ئالجىر"))              // Uyghur: initial ئ, ى inside a word
        #expect(!ArabicScript.isAlgerianArabic("Alger"))
        #expect(!ArabicScript.isAlgerianArabic("الجزائر Alger"))
        #expect(!ArabicScript.isAlgerianArabic("معبر 75"))             // ASCII digits
        #expect(!ArabicScript.isAlgerianArabic("معبر ٧٥"))             // Arabic-Indic digits U+0660…
        #expect(!ArabicScript.isAlgerianArabic("السانية\u{200E}"))     // a stray left-to-right mark
        #expect(!ArabicScript.isAlgerianArabic("الجزائر (مدينة)"))
        #expect(!ArabicScript.isAlgerianArabic(""))
        #expect(!ArabicScript.isAlgerianArabic(" - "))
        #expect(!ArabicScript.isAlgerianArabic("\u{064E}\u{064F}"))    // harakat without a letter
    }

    @Test func tatweelIsDropped() {
        #expect(ArabicScript.withoutTatweel("النــعـامـة") == "النعامة")
    }
}

/// The place-name rules of `PlaceNaming`: the normaliser, the commune match, the fall-backs.
@Suite struct PlaceNamingTests {
    @Test func normaliserFoldsAccentsArticlesHyphensAndCase() {
        #expect(PlaceNaming.normalised("El-Bayadh") == PlaceNaming.normalised("Bayadh"))
        #expect(PlaceNaming.normalised("Al Eulma") == PlaceNaming.normalised("El Eulma"))
        #expect(PlaceNaming.normalised("Béjaïa") == PlaceNaming.normalised("BEJAIA"))
        #expect(PlaceNaming.normalised("Bou Saâda") == PlaceNaming.normalised("Bousaada"))
        #expect(PlaceNaming.normalised("Sidi ech Chahmi") == PlaceNaming.normalised("Sidi Chahmi"))
        #expect(PlaceNaming.normalised("’Aïn Azel") == "ainazel")
        #expect(PlaceNaming.normalised("Ouled Slama Fouaga") != PlaceNaming.normalised("Ouled Slama"))
        #expect(PlaceNaming.normalised("Elma") == "elma")  // "El" only as a word
    }

    @Test func communeMatchByNameAlternateOrOneEdit() {
        #expect(PlaceNaming.match(commune: "Béjaïa", name: "Bejaia", alternates: []) == .name)
        #expect(PlaceNaming.match(commune: "Boumerdès", name: "Boumerdas", alternates: ["Bou-Merdes", "بومرداس"]) == .alternateName)
        #expect(PlaceNaming.match(commune: "Teleghma", name: "Telerghma", alternates: []) == .spellingVariant)
        // One edit counts from five letters on, not below; two edits never.
        #expect(PlaceNaming.match(commune: "Tiout", name: "Tiouz", alternates: []) == .spellingVariant)
        #expect(PlaceNaming.match(commune: "Tlet", name: "Tlat", alternates: []) == nil)
        #expect(PlaceNaming.match(commune: "Boughezoul", name: "Bougzoul", alternates: []) == nil)
        #expect(PlaceNaming.match(commune: "El Khroub", name: "Ali Mendjeli", alternates: []) == nil)
        // Arabic or Cyrillic alternates never match a French name.
        #expect(PlaceNaming.match(commune: "Oran", name: "Wahran", alternates: ["Оран"]) == nil)
    }

    @Test func communeFirstThenGeoNamesThenNone() {
        let oran = CommuneName(nameAR: "وهران", nameFR: "Oran")
        let inCommune = PlaceNaming.names(name: "Oran", alternates: ["wahran", "وهران‎"], communes: [oran])
        #expect(inCommune.arabic == "وهران" && inCommune.arabicSource == .commune)
        #expect(inCommune.french == "Oran" && inCommune.frenchSource == .commune)

        // No matching commune: the first GeoNames alternate in Algerian Arabic script, never a romanisation.
        let algiers = PlaceNaming.names(name: "Algiers", alternates: ["Alger", "jەzayyr", "ئالجىر", "الجزائر", "مدينة الجزائر"],
                                        communes: [CommuneName(nameAR: "القبة", nameFR: "Kouba")])
        #expect(algiers.arabic == "الجزائر" && algiers.arabicSource == .geonamesAlternate)
        #expect(algiers.french == "Algiers" && algiers.frenchSource == .geonames)

        // The commune matches but its Arabic name is Persian-spelt: French from the commune, Arabic from GeoNames.
        let hammam = PlaceNaming.names(name: "Aïn el Hammam", alternates: ["عين الحمام"], communes: [CommuneName(nameAR: "عین الحمام", nameFR: "Aïn El Hammam")])
        #expect(hammam.arabic == "عين الحمام" && hammam.arabicSource == .geonamesAlternate && hammam.frenchSource == .commune)

        let none = PlaceNaming.names(name: "Batna", alternates: ["batnہ", "Batna"], communes: [])
        #expect(none.arabic == nil && none.arabicSource == .none && none.french == "Batna")
    }
}

/// The Arabic names BorderPlan ships are Arabic, and every crossing has its three names.
@Suite struct ShippedArabicNamesTests {
    /// Every value of a `name_ar` key anywhere in a JSON document.
    static func arabicNames(in object: Any) -> [Any] {
        if let dictionary = object as? [String: Any] {
            return dictionary.flatMap { key, value in key == "name_ar" ? [value] : arabicNames(in: value) }
        }
        if let array = object as? [Any] { return array.flatMap(arabicNames) }
        return []
    }

    static func json(_ file: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: geodataDirectory.appendingPathComponent(file)))
    }

    @Test(arguments: [GeodataFile.places, "crossings.geojson", GeodataFile.wilayas, GeodataFile.neighbours, GeodataFile.borders,
                      GeodataFile.outline, "committees.json", "projects.json"])
    func everyArabicNameIsInAlgerianArabicScript(file: String) throws {
        for value in Self.arabicNames(in: try Self.json(file)) where !(value is NSNull) {
            let name = try #require(value as? String, "\(file): name_ar \(value) is not a string")
            // A name may list alternatives separated by " / " (crossings: «معبر العقيد لطفي / زوج بغال»).
            let parts = name.components(separatedBy: " / ")
            #expect(parts.allSatisfy(ArabicScript.isAlgerianArabic), "\(file): \(name)")
        }
    }

    @Test func everyCrossingHasItsThreeNames() throws {
        let features = try #require((try Self.json("crossings.geojson") as? [String: Any])?["features"] as? [[String: Any]])
        #expect(features.count >= 21)
        for feature in features {
            let properties = try #require(feature["properties"] as? [String: Any])
            for key in ["name_ar", "name_fr", "name_en"] {
                let name = properties[key] as? String ?? ""
                #expect(!name.trimmingCharacters(in: .whitespaces).isEmpty, "\(properties["id"] ?? "?"): \(key)")
            }
        }
        #expect(features.contains { ($0["properties"] as? [String: Any])?["name_ar"] as? String == "معبر عين ڨزام" })
    }

    @Test func placesSayWhereTheirNamesComeFrom() throws {
        let features = try #require((try Self.json(GeodataFile.places) as? [String: Any])?["features"] as? [[String: Any]])
        for feature in features {
            let p = try #require(feature["properties"] as? [String: Any])
            let arabicSource = try #require(ArabicNameSource(rawValue: p["name_ar_source"] as? String ?? ""), "\(p["name"] ?? "?")")
            #expect((p["name_ar"] is NSNull) == (arabicSource == .none), "\(p["name"] ?? "?")")
            #expect(FrenchNameSource(rawValue: p["name_fr_source"] as? String ?? "") != nil)
            #expect(!((p["name_fr"] as? String) ?? "").isEmpty)
        }
    }

    /// Independent check: a wilaya's main town named like its wilaya has, within one letter (spelling
    /// variants such as تسمسيلت / تيسمسيلت, بئر / بير), the official list's Arabic wilaya name.
    @Test func mainTownsAgreeWithTheOfficialWilayaNames() throws {
        let data = Geodata(directory: geodataDirectory)
        let wilayas = Dictionary(uniqueKeysWithValues: try data.wilayas().map { ($0.code, $0) })
        let features = try #require((try Self.json(GeodataFile.places) as? [String: Any])?["features"] as? [[String: Any]])
        var compared = 0
        for feature in features {
            let p = try #require(feature["properties"] as? [String: Any])
            guard let wilaya = wilayas[p["wilaya"] as? String ?? ""], foldName(p["name_fr"] as? String ?? "") == foldName(wilaya.nameFR) else { continue }
            compared += 1
            let arabic = try #require(p["name_ar"] as? String, "\(wilaya.nameFR) has no Arabic name")
            #expect(editDistance(foldName(arabic), foldName(wilaya.nameAR)) <= 1, "\(wilaya.nameFR): \(arabic) vs \(wilaya.nameAR)")
        }
        #expect(compared >= 50)
    }
}
