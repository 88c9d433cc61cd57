#!/usr/bin/env python3
"""Cross-check of BorderPlan's three location models against PySAL spopt (CBC through PuLP).

Each argument is a folder written by `borderplan plan ... --write-instance DIR` (see
Sources/BorderPlanKit/Planning/LocationInstance.swift): instance.json, demand.csv, coverage.csv and,
for the p-median, distances.csv. The same instance is solved again here and the optimum values must
agree: covered demand exactly (to 1e-9 relative: sums of whole populations), the p-median's weighted
distance to 1e-6 relative. Any disagreement, or a solver that does not prove optimality, exits 1.

    python locmodels.py out/bench/models/mclp out/bench/models/lscp ... [--json RESULT.json]

- mclp: spopt MCLP with the open crossings as predefined facilities, p = open + K.
- lscp (set covering with a target share), by count: the count K* BorderPlan found is the least
  that reaches the target when spopt's MCLP with p = open + K* reaches it and p = open + K* - 1 does
  not; when the target cannot be reached, spopt's LSCP over the coverable demand points must need
  exactly K* sites. By cost: the same problem written directly in PuLP (spopt's LSCP has no costs),
  solved by the same CBC.
- pmedian: spopt PMedian with the open crossings predefined, p = open + K.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np
import pulp
import spopt
from spopt.locate import LSCP, MCLP, PMedian

EXACT = 1e-9       # relative: sums of whole populations (below 2^53) are exact in floating point
PMEDIAN = 1e-6     # relative: sums of weight x km in another order


def solver():
    """CBC as PuLP bundles it, proving optimality (no relative or absolute gap allowed)."""
    return pulp.PULP_CBC_CMD(msg=False, gapRel=0, gapAbs=0)


def load(folder: Path):
    instance = json.loads((folder / "instance.json").read_text())
    with open(folder / "demand.csv", newline="") as handle:
        weights = np.array([float(row["weight"]) for row in csv.DictReader(handle)])
    facilities = instance["facilities"]
    cover = np.zeros((len(weights), len(facilities)), dtype=bool)
    with open(folder / "coverage.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            cover[int(row["point"]), int(row["facility"])] = True
    fixed = np.array([1 if f["kind"] in ("open", "required") else 0 for f in facilities])
    return instance, weights, cover, fixed


def optimal_value(model) -> float:
    status = pulp.LpStatus[model.problem.status]
    if status != "Optimal":
        raise RuntimeError(f"CBC did not prove optimality: {status}")
    return float(pulp.value(model.problem.objective))


def mclp(weights, cover, fixed, p) -> float:
    """Covered demand of spopt's MCLP (cost 0 when covered, 2 when not; service radius 1)."""
    costs = np.where(cover, 0.0, 2.0)
    model = MCLP.from_cost_matrix(costs, weights, service_radius=1.0, p_facilities=int(p), predefined_facilities_arr=fixed)
    return optimal_value(model.solve(solver()))


def agree(name, borderplan, peer, tolerance):
    ok = abs(borderplan - peer) <= tolerance * max(1.0, abs(borderplan))
    print(f"{name}: BorderPlan {borderplan!r}, spopt/CBC {peer!r} -> {'agree' if ok else 'DISAGREE'}")
    return ok


def check_mclp(instance, weights, cover, fixed):
    open_count = sum(f["kind"] == "open" for f in instance["facilities"])
    p = min(open_count + instance["k"], len(instance["facilities"]))
    return agree("mclp covered demand", instance["borderplan"]["value"], mclp(weights, cover, fixed, p), EXACT)


def check_lscp(instance, weights, cover, fixed):
    answer = instance["borderplan"]
    open_count = sum(f["kind"] == "open" for f in instance["facilities"])
    need = answer["need"]
    most = float(weights[cover.any(axis=1)].sum())
    ok = True
    if not answer["reachable"]:
        ok = agree("lscp most reachable demand (target unreachable)", answer["value"], most, EXACT)
    if instance["minimised"] == "cost":
        return ok and agree("lscp least cost (PuLP/CBC)", answer["cost"], least_cost(instance, weights, cover, need), EXACT)
    count = int(round(answer["cost"]))
    if not answer["reachable"]:
        coverable = cover.any(axis=1)
        costs = np.where(cover[coverable], 0.0, 2.0)
        model = LSCP.from_cost_matrix(costs, service_radius=1.0, predefined_facilities_arr=fixed)
        return ok and agree("lscp least count (spopt LSCP, coverable points)", count, optimal_value(model.solve(solver())) - open_count, EXACT)
    reached = mclp(weights, cover, fixed, open_count + count)
    ok = agree(f"lscp: MCLP with K* = {count} reaches the need {need}", 1.0, 1.0 if reached >= need * (1 - EXACT) else 0.0, 0) and ok
    required = int(sum(f["kind"] == "required" for f in instance["facilities"]))
    if count > required:
        short = mclp(weights, cover, fixed, open_count + count - 1)
        ok = agree(f"lscp: MCLP with K* - 1 = {count - 1} stays below it ({short})", 1.0, 1.0 if short < need * (1 - EXACT) else 0.0, 0) and ok
    return ok


def least_cost(instance, weights, cover, need) -> float:
    """Set covering with a target and costs, written directly in PuLP (same CBC)."""
    facilities = instance["facilities"]
    problem = pulp.LpProblem("target_least_cost", pulp.LpMinimize)
    x = [pulp.LpVariable(f"x{j}", cat="Binary") for j in range(len(facilities))]
    y = [pulp.LpVariable(f"y{i}", lowBound=0, upBound=1) for i in range(len(weights))]
    problem += pulp.lpSum((f["cost"] or 0) * x[j] for j, f in enumerate(facilities) if f["kind"] != "open")
    for j, f in enumerate(facilities):
        if f["kind"] in ("open", "required"):
            problem += x[j] == 1
    for i in range(len(weights)):
        problem += y[i] <= pulp.lpSum(x[j] for j in np.flatnonzero(cover[i]))
    problem += pulp.lpSum(weights[i] * y[i] for i in range(len(weights))) >= need * (1 - EXACT)
    problem.solve(solver())
    if pulp.LpStatus[problem.status] != "Optimal":
        raise RuntimeError(f"CBC did not prove optimality: {pulp.LpStatus[problem.status]}")
    return float(pulp.value(problem.objective))


def check_pmedian(instance, weights, folder, fixed):
    distances = np.loadtxt(folder / "distances.csv", delimiter=",", ndmin=2)
    open_count = sum(f["kind"] == "open" for f in instance["facilities"])
    p = min(open_count + instance["k"], len(instance["facilities"]))
    model = PMedian.from_cost_matrix(distances, weights, p_facilities=int(p), predefined_facilities_arr=fixed)
    return agree("p-median weighted distance (weight x km)", instance["borderplan"]["value"], optimal_value(model.solve(solver())), PMEDIAN)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    arguments = parser.parse_args()
    print(f"spopt {spopt.__version__}, PuLP {pulp.__version__}, CBC bundled with PuLP")
    ok = True
    for folder in arguments.folders:
        instance, weights, cover, fixed = load(folder)
        print(f"-- {folder} ({instance['model']}: {len(weights)} demand points, {len(instance['facilities'])} facilities, "
              f"BorderPlan optimal: {instance['borderplan']['optimal']})")
        if not instance["borderplan"]["optimal"]:
            print("BorderPlan stopped at its time limit: nothing to compare exactly")
            ok = False
            continue
        model = instance["model"]
        if model == "mclp":
            ok = check_mclp(instance, weights, cover, fixed) and ok
        elif model == "lscp":
            ok = check_lscp(instance, weights, cover, fixed) and ok
        else:
            ok = check_pmedian(instance, weights, folder, fixed) and ok
    print("location models: BorderPlan and spopt agree" if ok else "location models: DISAGREEMENT (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
