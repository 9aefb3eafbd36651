-- Found by `luatb fuzz` (seed 1, case 29308). A float loop whose start or limit is NaN
-- runs its body once in lua5.4 (it skips only when `limit < start`, false for NaN, and
-- the loop test after the first pass fails); luatb skips it. Expected output (lua5.4):
-- a -nan / c -nan / d 1.5 / e 1 / e 2
for i = 0/0, 2 do print("a", i) break end
for i = 1, 0/0 do print("b", i) break end
for i = 0/0, 2, -1 do print("c", i) break end
for i = 1.5, 0/0, -1 do print("d", i) break end
for i = 1, "2" do print("e", i) end
-- Found by the differential fuzzer (session 9, from the case above with an integer start):
-- an integer loop whose limit is NaN. lua5.4 treats NaN as below every integer, so the
-- loop is skipped when counting up and runs (towards math.mininteger) when counting down.
for i = 1 * 5, 0/0, -1 do print("f", i) break end
for i = 5, 0/0, 1 do print("g", i) break end
for i = 5, -(0/0), -2 do print("h", i) break end
local n = 0
for i = math.mininteger + 2, 0/0, -1 do n = n + 1 end
print("i", n)
