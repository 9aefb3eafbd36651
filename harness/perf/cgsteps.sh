#!/bin/bash
# callgrind instruction counts of the benchmark workloads at fixed sizes, every backend and
# lua5.4, one CSV row each (the `perf_steps.csv` figures; see papers/perf-changelog.md).
# usage: cgsteps.sh LABEL LUATB_BINARY OUTCSV
label=$1; bin=$2; out=$3
B=$(dirname "$0")/../bench
set -- fib:24 array:50000 hash:20000 oop:30000 closures:20000 strbuild:6000 strops:4000 coroutines:12000 bintrees:9 nbody:2500 spectral:50 mandelbrot:80 sort:4000 sieve:40000 queens:8 matmul:40 fannkuch:7 json:3 interp:120
for item in "$@"; do
  w=${item%%:*}; n=${item##*:}
  for e in transaction refcell guard unsafe lua5.4; do
    if [ $e = lua5.4 ]; then cmd="lua5.4 -e N=$n $B/$w.lua"; else cmd="$bin --backend $e -e N=$n $B/$w.lua"; fi
    ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null $cmd 2>&1 >/dev/null | grep -o 'refs: *[0-9,]*' | tr -dc 0-9)
    echo "$label,$w,$n,$e,$ir" >> $out
  done
done
