import Foundation

/// A plan's options as the user gives them — `borderplan plan`'s options, the members of
/// `POST /plans` — before any file is read. `PlanRequest(_:deadline:)` is the one rule from them
/// to the request, so the command line and the server only parse their input into this value.
public struct PlanOptions: Equatable, Sendable {
    /// The `candidates` value that asks for new sites along the borders.
    public static let generated = "generated"

    public var radiusKm: Double
    /// How many sites to choose (K), required ones included; with `target`, the bound on required sites.
    public var k: Int
    /// Set covering: the share (0…1) of the demand to cover at least cost.
    public var target: Double?
    public var objective: PlanRequest.Objective = .population
    public var side: Side = .dz
    public var corridorKm: Double = PlanRequest.defaultCorridorKm
    public var service: Service = .default
    /// Candidate ids; `[PlanOptions.generated]`: new sites every `spacingKm` along `borders` (every
    /// border when empty); empty: every crossing that does not serve.
    public var candidates: [String] = []
    public var spacingKm: Double = 50
    public var borders: [Partner] = []
    public var exclude: [String] = []
    public var excludePartners: [Partner] = []
    public var require: [String] = []
    /// The budget in DZD, and how it was converted when it was given in another currency.
    public var budget: Double?
    public var budgetNote: String?
    public var minPerWilaya: Int?
    public var maxSeconds: Double = 30
    public var language: Language = .en

    public init(radiusKm: Double, k: Int) {
        self.radiusKm = radiusKm
        self.k = k
    }

    /// Whether the candidates are generated sites (whose ids, "gen-ly-001", exist only once planned).
    public var generatesCandidates: Bool { candidates == [Self.generated] }

    /// Where the candidates come from.
    public var source: PlanRequest.CandidateSource {
        if generatesCandidates { return .generated(spacingKm: spacingKm, borders: borders.isEmpty ? nil : borders.map(\.rawValue)) }
        return candidates.isEmpty ? .notOpen : .ids(candidates)
    }
}

extension PlanRequest {
    /// The request `options` ask for, timed by `deadline` (nil: from when the plan starts). What is
    /// read from files — a demand layer, a scenario, a travel model, costs — the caller adds.
    public init(_ options: PlanOptions, deadline: Deadline?) {
        self.init(radiusKm: options.radiusKm, k: options.k)
        target = options.target
        objective = options.objective
        side = options.side
        corridorKm = options.corridorKm
        service = options.service
        source = options.source
        exclude = options.exclude
        excludePartners = options.excludePartners
        require = options.require
        budget = options.budget
        budgetNote = options.budgetNote
        minPerWilaya = options.minPerWilaya
        maxSeconds = options.maxSeconds
        self.deadline = deadline
        language = options.language
    }
}
