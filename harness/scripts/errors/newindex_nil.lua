local t = nil
t.x = 1
