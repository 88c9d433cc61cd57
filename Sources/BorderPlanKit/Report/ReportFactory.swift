import Foundation

/// The report builder with every part the CLI's report has (maps included), so that
/// `borderplan report` and the benchmark run the same job.
public func makeReportBuilder(data: AnalysisData, options: ReportOptions, progress: @escaping (String) -> Void = { _ in }) -> ReportBuilder {
    ReportBuilder(data: data, options: options, progress: progress)
}
