-- A set that is never closed.
for w in ("a b"):gmatch("[%a") do print(w) end
