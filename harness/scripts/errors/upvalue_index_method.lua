local conf
local function get() return conf:get("k") end
get()
