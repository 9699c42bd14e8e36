#!/usr/bin/env python3
"""Prints bench/run's table from its measurements (results.tsv: row, side, wall seconds, peak RSS KB,
AWS calls, mutating calls, S3 reads, processor seconds, moto's processor seconds meanwhile), with the
medians, the ratios and the goals beside them."""
import argparse
import os
import statistics
from collections import defaultdict

ROWS = [
    ("plan", "1  plan, no changes (canonical)", 1.0),
    ("apply", "2  apply, empty account", 1.0),
    ("apply-creates-only", "   the same, baseline creates only", None),
    ("plan@50ms", "3  plan, no changes, +50 ms/call", 0.4),
    ("apply@50ms", "3  apply, empty account, +50 ms/call", 0.4),
    ("plan-10x", "4  plan, no changes, 10x stack", 1.0),
    ("maintain", "5  maintain --dry-run, 200 tables", 1.0),
]
TABLES = 200


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--maintain-built", default="false")
    parser.add_argument("--rows", default="")
    parser.add_argument("--tool-jvm", default="", help="the JVM the tool ran on, as the header names it")
    parser.add_argument("--default-jvm", default="",
                        help="the default JVM, when the plan and start-up rows also ran the tool on it")
    args = parser.parse_args()
    data = defaultdict(list)
    with open(args.results) as f:
        for line in f:
            row, side, wall, rss, calls, mutating, s3_reads, cpu, moto_cpu = line.rstrip("\n").split("\t")
            data[(row, side)].append((float(wall), int(rss), int(calls), int(mutating), int(s3_reads),
                                      float(cpu), float(moto_cpu)))

    def median(row, side, field):
        values = [m[field] for m in data.get((row, side), [])]
        return statistics.median(values) if values else None

    load = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else ["?"] * 3
    print()
    print(f"lakehouse bench: medians of {args.runs} runs, cold processes, moto 5.2.1 on loopback behind a "
          f"counting proxy; {os.cpu_count()} cores, load average now {' '.join(load)}")
    print("baseline = bench/baseline.py: the same AWS work with boto3, one call after another (the seed "
          "article's way);")
    print("  an apply's reads back each resource it made and records it in the ownership record, as lakehouse "
          "does; 'creates only' does neither")
    print("cpu s: processor seconds (user + system) of each side's process; moto cpu s: the emulator's, "
          "in the same run")
    if args.tool_jvm:
        print(f"tool on {args.tool_jvm}" + (f"; the extra lines on {args.default_jvm}" if args.default_jvm else ""))
    print()
    header = f"{'row':<40} {'tool s':>7} {'base s':>7} {'ratio':>6} {'goal':>6} {'met':>4}  " \
             f"{'calls tool/base':>15}  {'peak MB tool/base':>17}  {'cpu s tool/base':>15}  " \
             f"{'moto cpu s tool/base':>20}"
    print(header)
    print("-" * len(header))
    rows = list(ROWS)
    if args.default_jvm:
        rows.insert(1, ("plan@default-jvm", "1  plan, no changes, default JVM", 1.0))
    for key, title, goal in rows:
        if key == "maintain" and args.maintain_built != "true":
            if "maintain" in args.rows:
                print(f"{title:<40} {'n/a (maintain not built)':>28}")
            continue
        # A line without a goal sets the tool's figures of the row above beside another baseline.
        tool_key = key if goal is not None else "apply"
        tool, base = median(tool_key, "tool", 0), median(key, "baseline", 0)
        if tool is None or base is None:
            continue
        ratio = tool / base if base else None
        met = "-" if goal is None else "yes" if ratio is not None and ratio <= goal else "no"
        calls = f"{median(tool_key, 'tool', 2):.0f}/{median(key, 'baseline', 2):.0f}"
        memory = f"{median(tool_key, 'tool', 1) / 1024:.0f}/{median(key, 'baseline', 1) / 1024:.0f}"
        cpu = f"{median(tool_key, 'tool', 5):.2f}/{median(key, 'baseline', 5):.2f}"
        moto_cpu = f"{median(tool_key, 'tool', 6):.2f}/{median(key, 'baseline', 6):.2f}"
        print(f"{title:<40} {tool:>7.2f} {base:>7.2f} {ratio:>6.2f} {'-' if goal is None else '<=' + str(goal):>6} "
              f"{met:>4}  {calls:>15}  {memory:>17}  {cpu:>15}  {moto_cpu:>20}")
    print()
    canonical, scaled = median("plan", "tool", 0), median("plan-10x", "tool", 0)
    if canonical and scaled:
        base_canonical, base_scaled = median("plan", "baseline", 0), median("plan-10x", "baseline", 0)
        growth = scaled / canonical
        print(f"growth, plan 10x / canonical: tool {growth:.2f}x (goal <=3x: {'met' if growth <= 3 else 'not met'}), "
              f"baseline {base_scaled / base_canonical:.2f}x; AWS calls tool {median('plan-10x', 'tool', 2):.0f} vs "
              f"{median('plan', 'tool', 2):.0f}")
    for suffix in ("", "@50ms"):
        mutating = median("noop-apply" + suffix, "tool", 3)
        if mutating is not None:
            print(f"no-change apply{' ' + suffix if suffix else ''}: {mutating:.0f} mutating AWS calls of "
                  f"{median('noop-apply' + suffix, 'tool', 2):.0f} (goal 0: {'met' if mutating == 0 else 'not met'}), "
                  f"{median('noop-apply' + suffix, 'tool', 0):.2f} s")
    if args.maintain_built == "true" and median("maintain", "tool", 4) is not None:
        per_table = median("maintain", "tool", 4) / TABLES
        base_per_table = median("maintain", "baseline", 4) / TABLES
        print(f"maintain --dry-run: {per_table:.2f} S3 reads per table, tool (goal <=2 + the manifests it needs; "
              f"each table has 2, not needed when its summary and manifest list give the figures); "
              f"baseline {base_per_table:.2f} (metadata, manifest list, manifests)")
    for row, where in (("startup", ""), ("startup@default-jvm", ", default JVM")):
        startup = [(side, median(row, side, 0), median(row, side, 1)) for side in
                   ("java -jar", "launcher, no cache", "launcher, its cache", "first run (makes the cache)",
                    "first plan (makes its cache)")]
        if any(value is not None for _, value, _ in startup):
            print(f"start-up{where}, `lakehouse version` cold: " + "; ".join(
                f"{side} {value:.2f} s ({rss / 1024:.0f} MB)" for side, value, rss in startup if value is not None))
    print()


if __name__ == "__main__":
    main()
