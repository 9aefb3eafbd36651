for k in 42 do print(k) end
