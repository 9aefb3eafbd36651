-- Found by `luatb fuzz` (seed 1, case 29308). A float loop whose start or limit is NaN
-- runs its body once in lua5.4 (it skips only when `limit < start`, false for NaN, and
-- the loop test after the first pass fails); luatb skips it. Expected output (lua5.4):
-- a -nan / c -nan / d 1.5 / e 1 / e 2
for i = 0/0, 2 do print("a", i) break end
for i = 1, 0/0 do print("b", i) break end
for i = 0/0, 2, -1 do print("c", i) break end
for i = 1.5, 0/0, -1 do print("d", i) break end
for i = 1, "2" do print("e", i) end
