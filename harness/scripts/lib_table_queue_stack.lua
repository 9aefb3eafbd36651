-- stacks and queues built on insert/remove
local stack = {}
for i = 1, 10 do table.insert(stack, i * i) end
local popped = {}
while #stack > 0 do popped[#popped + 1] = table.remove(stack) end
print(table.concat(popped, " "))
local queue = {}
for i = 1, 10 do table.insert(queue, 1, i) end
print(table.concat(queue, " "))
local out = {}
for i = 1, 5 do out[#out + 1] = table.remove(queue) end
print(table.concat(out, " "), #queue)
-- growth to a few thousand elements and back
local big = {}
for i = 1, 5000 do table.insert(big, i) end
for i = 1, 2500 do table.remove(big, 1) end
print(#big, big[1], big[#big])
local sum = 0
for _, v in ipairs(big) do sum = sum + v end
print(sum)
-- insert in the middle keeps order
local mid = {1, 2, 4, 5}
table.insert(mid, 3, 3)
table.insert(mid, #mid, 4.5)
print(table.concat(mid, " "))
-- pack / unpack round trips with nils preserved by n
local function roundtrip(...)
  local p = table.pack(...)
  return select("#", table.unpack(p, 1, p.n)), p.n
end
print(roundtrip(nil, nil, 3, nil))
print(roundtrip())
-- move to shift a window
local w = {1, 2, 3, 4, 5, 6, 7, 8}
table.move(w, 3, 8, 1)
for i = 7, 8 do w[i] = nil end
print(table.concat(w, " "))
