import BorderPlanKit
import FuzzSupport
import Foundation
import Geo

/// The geodata and knowledge base, loaded once (from $BORDERPLAN_DATA or ./geodata).
let analysis: AnalysisData = {
    let directory = ProcessInfo.processInfo.environment["BORDERPLAN_DATA"] ?? "geodata"
    guard let data = try? AnalysisData(directory: URL(fileURLWithPath: directory)) else {
        fatalError("fuzz-scenario: cannot load geodata from \(directory); set BORDERPLAN_DATA")
    }
    return data
}()

/// Any bytes as a scenario file: it may throw a DataError, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    if let scenario = try? Scenario.parse(data, file: "fuzz.json", linker: analysis.linker, proj: analysis.proj) {
        _ = Scenario.sites(analysis.knowledge, scenario: scenario)
    }
    return 0
}

/// SwiftPM links an executable's entry point as `<module>_main`; hand control to libFuzzer's driver.
@_cdecl("fuzz_scenario_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { start, size in fuzzScenario(start, size) }
}
