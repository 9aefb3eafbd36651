-- H1 baseline: the loop alone; every H1 kernel runs this loop with its operations inside.
local n = N
for i = 1, n do
end
