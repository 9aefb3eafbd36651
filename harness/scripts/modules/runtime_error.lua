local t = {}

local function fail()
  return t.missing.field
end

return fail()
