import Foundation

/// The report builder with every part the CLI's report has (maps included), so that
/// `borderplan report` and the benchmark run the same job.
public func makeReportBuilder(data: AnalysisData, options: ReportOptions, progress: @escaping (String) -> Void = { _ in }) -> ReportBuilder {
    var builder = ReportBuilder(data: data, options: options, progress: progress)
    let renderer = MapRenderer(data: data, language: options.language)
    builder.drawMap = { kind, coverage, sites in
        try renderer.svg(kind: kind == "coverage" ? .coverage : .overview, radiusKm: options.radiusKm, coverage: coverage, sites: sites, service: options.service,
                         zoomable: true)
    }
    return builder
}
