#!/bin/bash
# Where a backend's instructions go, by the source that callgrind charges them to (after
# inlining, an instruction belongs to the line it came from, so the slice bounds checks,
# `Rc` counting and `Vec` pushes inlined into the dispatch loop are told apart from it).
# One CSV row per workload and category, instructions per VM step (`--count-steps`).
# usage: harness/perf/cost_sources.sh [LUATB_BINARY] [BACKEND] > results/cost_sources.csv
set -euo pipefail
bin=${1:-target/release/luatb}
backend=${2:-unsafe}
B=$(dirname "$0")/../bench
out=$(mktemp); trap 'rm -f "$out"' EXIT
echo "workload,engine,category,instructions_per_step"
for item in fib:24 array:50000 hash:20000 oop:30000 closures:20000 strbuild:6000 strops:4000 coroutines:12000 bintrees:9 nbody:2500 spectral:50 mandelbrot:80 sort:4000 sieve:40000 queens:8 matmul:40 fannkuch:7 json:3 interp:120; do
  w=${item%%:*}; n=${item##*:}
  steps=$("$bin" --backend "$backend" --count-steps -e "N=$n" "$B/$w.lua" 2>&1 >/dev/null | grep -o '[0-9]* VM steps' | tr -dc 0-9)
  valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" --backend "$backend" -e "N=$n" "$B/$w.lua" >/dev/null 2>&1
  callgrind_annotate --auto=no --threshold=100 --show-percs=no "$out" 2>/dev/null |
    awk -v w="$w" -v e="$backend" -v steps="$steps" '
      /^ *[0-9,]+  [^ ]/ && !/PROGRAM TOTALS/ {
        n = $1; gsub(",", "", n); src = $2; sub(/:.*/, "", src)
        if (src ~ /src\/opcode\.rs|src\/vm\/execute\.rs/) c = "dispatch and opcodes"
        else if (src ~ /src\/vm\/call\.rs/) c = "calls and returns"
        else if (src ~ /core\/src\/slice\/index\.rs/) c = "slice bounds checks"
        else if (src ~ /alloc\/src\/rc\.rs/) c = "Rc counting"
        else if (src ~ /alloc\/src\/(vec|raw_vec)/ || $2 ~ /push_mut/) c = "Vec push and growth"
        else if (src ~ /strategies\/[a-z]+\/src\/(raw\/(mod|fast|checked)|arena|handles)/ || src ~ /slab/) c = "backend arenas and handle checks"
        else if (src ~ /strategies\//) c = "backend registers and objects"
        else if (src ~ /core\/src\/cell/) c = "cells and borrow flags"
        else if (src ~ /core\/src\//) c = "other inlined core code"
        else if (src ~ /src\/table/) c = "tables"
        else if (src ~ /src\/stdlib\//) c = "standard library"
        else if (src ~ /src\/vm\/gc\.rs|malloc|free/) c = "collector and allocator"
        else if (src ~ /interner|hashbrown|src\/vm\/meta\.rs/) c = "strings and metamethods"
        else c = "other"
        sum[c] += n
      }
      END { for (c in sum) printf "%s,%s,%s,%.1f\n", w, e, c, sum[c] / steps }' | sort
done
