#!/bin/bash
# Instructions per operation, by callgrind: each kernel runs one operation 200,000 times in
# a numeric for loop; the empty loop's count is subtracted (twice for the kernels that run
# a second loop inside a closure). Exact and repeatable, unlike timings on a shared machine.
# usage: harness/perf/op_costs.sh [LUATB_BINARY] > results/op_costs.csv
set -euo pipefail
bin=${1:-target/release/luatb}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
kernel() { echo "local N=200000 $2 for i=1,N do $3 end" > "$dir/$1.lua"; }
kernel loop "" ""
kernel move "local x,y=1,2" "x=y"
kernel addi "local x=0" "x=x+1"
kernel add "local x,y=0,1" "x=x+y"
kernel addf "local x,y=0.5,1.5" "x=x+y"
kernel lt "local x=0" "if i < 5 then x=1 end"
kernel seti "local t={}" "t[i]=true"
kernel getfield "local t={a=1} local x" "x=t.a"
kernel setfield "local t={a=1}" "t.a=i"
kernel global "X=1 local x" "x=X"
kernel upget "local u=1 local function f() local x for i=1,N do x=u end end f()" ""
kernel upset "local u=1 local function f() for i=1,N do u=i end end f()" ""
kernel len "local t={1,2,3} local x" "x=#t"
kernel call0 "local function f() end" "f()"
kernel call1 "local function f(a) return a end local x" "x=f(i)"
kernel method "local o={} function o:m() end" "o:m()"
kernel native "local x local abs=math.abs" "x=abs(i)"
kernel closure "local x" "x=function() return i end"
kernel concat "local s='a' local x" "x=s..s"
count() {
  local cmd
  if [ "$1" = lua5.4 ]; then cmd=(lua5.4 "$2"); else cmd=("$bin" --backend "$1" "$2"); fi
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "${cmd[@]}" 2>&1 >/dev/null |
    grep -o 'refs: *[0-9,]*' | tr -dc 0-9
}
echo "kernel,engine,instructions_per_op"
for e in lua5.4 transaction refcell guard unsafe; do
  base=$(count "$e" "$dir/loop.lua")
  for k in move addi add addf lt seti getfield setfield global upget upset len call0 call1 method native closure concat; do
    loops=1; case $k in upget|upset) loops=2;; esac
    n=$(count "$e" "$dir/$k.lua")
    echo "$k,$e,$(( (n - loops * base) / 200000 ))"
  done
done
