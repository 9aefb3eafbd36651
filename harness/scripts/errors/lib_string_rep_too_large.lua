-- string.rep refuses results over the size limit.
local big = ("abc"):rep(1 << 30, ", ")
print(#big)
