import Geo

/// BorderPlan's version, printed by `borderplan --version`.
public let borderPlanVersion = "0.1.0"
