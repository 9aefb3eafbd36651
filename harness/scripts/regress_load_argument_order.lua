-- load checks its arguments in lua5.4's order: the mode (#3), then the chunk name (#2), and
-- only then whether a chunk that is not a string is a function (#1). (Found by the
-- differential fuzz target: a nil reader with a table as the chunk name.)
local function reader() return nil end
local cases = {
  {nil, {}}, {nil}, {nil, "x", {}}, {1, {}}, {{}, "n", 3}, {true, nil, nil},
  {reader, {}}, {reader, "n", {}}, {"return 1", {}}, {"return 1", nil, 5},
  {"return 1", "n", "x"}, {reader, "n", "b"}, {false, {}, {}}, {nil, nil, "t"},
  {12, "=num"}, {"return ...", "=s", "t", {}},
}
local function show(ok, f, msg)
  return ok, type(f) == "function" and "a function" or f, msg
end
for i, c in ipairs(cases) do
  print(i, show(pcall(load, c[1], c[2], c[3], c[4])))
end
print(pcall(load))
