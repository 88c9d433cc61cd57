#!/usr/bin/env python3
"""Time `make run`'s job — `borderplan report --radius R --out DIR`, release build — as a user
meets it: the whole process, wall clock and CPU, several runs.

    python3 run_time.py BINARY --data geodata --out out/bench/run --runs 5 [--radius 100] [--goal 1.0]

The first run writes into an empty folder; the others replace the report's own files (the common
case: the manifest is checked, every file rewritten). Each run's progress lines (stage times) are
kept; the summary gives min / median / max of wall, user+sys CPU and each stage, and says whether
the median wall time is under the goal. Standard library only; exit status 1 only when a run fails.
"""
import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

STAGE = re.compile(r"^(.*?)\s+(\d+\.\d+) s$")


def one_run(binary: str, data: Path, out: Path, radius: str) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([binary, "report", "--data", str(data), "--radius", radius, "--out", str(out)],
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"run_time: the report failed with exit status {done.returncode}")
    stages = {}
    for line in done.stderr.splitlines():
        match = STAGE.match(line.strip())
        if match:
            stages[match.group(1).strip()] = float(match.group(2))
    return {"wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "peak_mib": after.ru_maxrss / 1024, "stages": stages}


def spread(values: list) -> str:
    return f"{min(values):6.3f} {statistics.median(values):6.3f} {max(values):6.3f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--data", type=Path, default=Path("geodata"))
    parser.add_argument("--out", type=Path, required=True, help="a folder of this benchmark's own (emptied first)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--radius", default="100")
    parser.add_argument("--goal", type=float, default=1.0, help="seconds of wall time the median should stay under")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.out.exists():
        shutil.rmtree(args.out)
    runs = [one_run(args.binary, args.data, args.out, args.radius) for _ in range(args.runs)]
    print(f"borderplan report --radius {args.radius}: {args.runs} runs on {os.cpu_count()} cores "
          f"(load average {os.getloadavg()[0]:.2f} at the end); seconds min / median / max")
    print(f"  {'wall':<32} {spread([r['wall'] for r in runs])}")
    print(f"  {'CPU (user + sys)':<32} {spread([r['cpu'] for r in runs])}")
    for stage in runs[-1]["stages"]:
        values = [r["stages"][stage] for r in runs if stage in r["stages"]]
        print(f"  {stage:<32} {spread(values)}")
    print(f"  peak memory {max(r['peak_mib'] for r in runs):.0f} MiB")
    median = statistics.median(r["wall"] for r in runs)
    verdict = "under" if median < args.goal else "NOT under"
    print(f"median wall {median:.3f} s: {verdict} the goal of {args.goal:g} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
