import BorderPlanKit
import FuzzSupport
import Foundation
import Geo

/// Any bytes as a demand layer, both as CSV and as GeoJSON: may throw, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDemand(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let context = GeometryContext()
    _ = try? DemandFile.parse(data, file: "fuzz.csv", csv: true, context: context)
    _ = try? DemandFile.parse(data, file: "fuzz.geojson", csv: false, weightProperty: "weight", context: context)
    return 0
}

/// SwiftPM links an executable's entry point as `<module>_main`; hand control to libFuzzer's driver.
@_cdecl("fuzz_demand_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { start, size in fuzzDemand(start, size) }
}
