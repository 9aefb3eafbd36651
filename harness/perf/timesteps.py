#!/usr/bin/env python3
"""Side-by-side CPU-time ratios of luatb builds to lua5.4, for effects that callgrind's
instruction counts cannot show (store-forwarding stalls, cache misses).

usage: timesteps.py OUT.csv LABEL=LUATB_BINARY [LABEL=LUATB_BINARY ...]

Every workload runs at a size where lua5.4 takes about 0.1-0.5 s; each engine and build
runs REPS times in turn within the same minute, and the fastest user+system time counts.
Prints one line per workload as it goes, and the geometric means at the end."""
import csv, math, os, resource, subprocess, sys, tempfile

SIZES = dict(fib=32, array=2000000, hash=500000, oop=2000000, closures=1000000,
             strbuild=200000, strops=200000, coroutines=500000, bintrees=13, nbody=200000,
             spectral=300, mandelbrot=600, sort=200000, sieve=2000000, queens=12,
             matmul=200, fannkuch=9, json=200, interp=4000)
BACKENDS = ["transaction", "refcell", "guard", "unsafe"]
REPS = 3
BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench")


def cpu_seconds(cmd):
    best = float("inf")
    for _ in range(REPS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return best


def main():
    out, builds = sys.argv[1], [b.split("=", 1) for b in sys.argv[2:]]
    logs = {(label, e): 0.0 for label, _ in builds for e in BACKENDS}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for w, n in SIZES.items():
            script = os.path.join(tmp, w + ".lua")
            with open(script, "w") as f, open(os.path.join(BENCH, w + ".lua")) as src:
                f.write(f"N = {n}\n" + src.read())
            lua = cpu_seconds(["lua5.4", script])
            line = [f"{w:11s} lua5.4 {lua:.3f}s"]
            for e in BACKENDS:
                for label, binary in builds:
                    r = cpu_seconds([binary, "--backend", e, script]) / lua
                    logs[(label, e)] += math.log(r)
                    rows.append(dict(build=label, workload=w, size=n, engine=e,
                                     lua54_seconds=f"{lua:.4f}", ratio_to_lua54=f"{r:.3f}"))
                    line.append(f"{e}/{label} {r:.2f}")
            print("  ".join(line), flush=True)
    with open(out, "w", newline="") as f:
        wr = csv.DictWriter(f, fieldnames=list(rows[0]))
        wr.writeheader()
        wr.writerows(rows)
    for (label, e), s in logs.items():
        print(f"geomean {e}/{label}: {math.exp(s / len(SIZES)):.2f}")


if __name__ == "__main__":
    main()
