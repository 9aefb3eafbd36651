-- Binary trees: allocation-heavy construction and checking, plus a binary search tree.
local function make(d)
  if d == 0 then return { } end
  return { make(d - 1), make(d - 1) }
end
local function check(t)
  if t[1] == nil then return 1 end
  return 1 + check(t[1]) + check(t[2])
end
print(check(make(10)))
local total = 0
for d = 4, 12, 2 do
  local iters = 1 << (12 - d)
  local c = 0
  for _ = 1, iters do c = c + check(make(d)) end
  total = total + c
  print(d, iters, c)
end
print(total)
-- A binary search tree with insert, lookup, in-order walk and height.
local function insert(node, k)
  if not node then return { key = k } end
  if k < node.key then node.left = insert(node.left, k)
  elseif k > node.key then node.right = insert(node.right, k) end
  return node
end
local function walk(node, out)
  if node then walk(node.left, out); out[#out + 1] = node.key; walk(node.right, out) end
  return out
end
local function height(node) if not node then return 0 end local l, r = height(node.left), height(node.right) return 1 + (l > r and l or r) end
local function has(node, k)
  while node do
    if k == node.key then return true end
    node = k < node.key and node.left or node.right
  end
  return false
end
local root
local seed = 7
for _ = 1, 200 do seed = (seed * 75 + 74) % 65537; root = insert(root, seed % 1000) end
local keys = walk(root, {})
local sorted = true
for i = 2, #keys do if keys[i - 1] >= keys[i] then sorted = false end end
print(#keys, sorted, keys[1], keys[#keys], height(root))
print(has(root, keys[10]), has(root, -1), has(root, 1000))
