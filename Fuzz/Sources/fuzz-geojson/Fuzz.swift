import BorderPlanKit
import FuzzSupport
import Foundation
import Geo

/// Any bytes through the geodata GeoJSON reader, with the wilaya and the crossing
/// property schemas: it may throw a DataError, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGeoJSON(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let context = GeometryContext()
    _ = try? GeoJSONReader.parse(data, file: "fuzz.geojson", as: WilayaProperties.self, context: context)
    if let features = try? GeoJSONReader.parse(data, file: "fuzz.geojson", as: [String: JSONScalar].self, context: context) {
        for feature in features {
            // Exercise what the tool does with a feature next: measure it and write it back.
            if let geometry = feature.geometry {
                _ = try? Geodesic.wgs84.area(of: geometry)
                _ = try? geometry.makeValid()
                _ = try? GeoJSONWriter.featureCollection([OutputFeature(geometry: geometry, properties: [])])
            }
        }
    }
    return 0
}

/// SwiftPM links an executable's entry point as `<module>_main`; hand control to libFuzzer's driver.
@_cdecl("fuzz_geojson_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { start, size in fuzzGeoJSON(start, size) }
}
