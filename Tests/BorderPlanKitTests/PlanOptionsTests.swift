import Foundation
import Testing
@testable import BorderPlanKit

/// `PlanRequest(_:deadline:)`, the one rule from a plan's options to its request (the `plan`
/// command and `POST /plans` both parse their input into `PlanOptions`, then call it).
@Suite struct PlanOptionsTests {
    /// Every option set away from its default.
    static var everyOption: PlanOptions {
        var options = PlanOptions(radiusKm: 80, k: 4)
        options.target = 0.9
        options.objective = .border
        options.side = .both
        options.corridorKm = 150
        options.service = .any
        options.candidates = ["debdeb", "taleb-larbi"]
        options.spacingKm = 25
        options.borders = [.LY]
        options.exclude = ["el-borma"]
        options.excludePartners = [.MA, .EH]
        options.require = ["debdeb"]
        options.budget = 5e9
        options.budgetNote = "1 TND = 43 DZD"
        options.minPerWilaya = 1
        options.maxSeconds = 12
        options.language = .fr
        return options
    }

    /// Each option reaches the request's field of the same name, with its value: an option added
    /// to `PlanOptions` and not carried fails here. (The candidate options make `source`, below.)
    @Test func everyOptionReachesTheRequest() {
        let options = Self.everyOption
        let request = PlanRequest(options, deadline: nil)
        let fields = Dictionary(Mirror(reflecting: request).children.compactMap { child in child.label.map { ($0, String(describing: child.value)) } },
                                uniquingKeysWith: { first, _ in first })
        let sourceOptions: Set<String> = ["candidates", "spacingKm", "borders"]
        var checked = 0
        for child in Mirror(reflecting: options).children {
            guard let label = child.label, !sourceOptions.contains(label) else { continue }
            #expect(fields[label] == String(describing: child.value), "\(label)")
            checked += 1
        }
        #expect(checked == 15)
        #expect(String(describing: request.source) == String(describing: PlanRequest.CandidateSource.ids(["debdeb", "taleb-larbi"])))
        #expect(request.deadline == nil && request.scenario == nil && request.demand == nil && request.costs == nil && request.travel == nil)
        let timed = PlanRequest(options, deadline: Deadline(seconds: 12))
        #expect(timed.deadline?.seconds == 12)
    }

    /// The candidates: none (every crossing that does not serve), ids, or generated along the
    /// named borders (every border when none is named), at the spacing.
    @Test func candidateOptionsMakeTheSource() {
        var options = PlanOptions(radiusKm: 100, k: 2)
        #expect(String(describing: options.source) == String(describing: PlanRequest.CandidateSource.notOpen))
        options.candidates = ["debdeb"]
        #expect(String(describing: options.source) == String(describing: PlanRequest.CandidateSource.ids(["debdeb"])))
        options.candidates = [PlanOptions.generated]
        options.spacingKm = 30
        #expect(options.generatesCandidates)
        #expect(String(describing: PlanRequest(options, deadline: nil).source) == String(describing: PlanRequest.CandidateSource.generated(spacingKm: 30, borders: nil)))
        options.borders = [.LY, .NE]
        #expect(String(describing: PlanRequest(options, deadline: nil).source) == String(describing: PlanRequest.CandidateSource.generated(spacingKm: 30, borders: ["LY", "NE"])))
        options.candidates = [PlanOptions.generated, "debdeb"]
        #expect(!options.generatesCandidates)
        #expect(String(describing: options.source) == String(describing: PlanRequest.CandidateSource.ids(["generated", "debdeb"])))
    }
}
