for i = {}, 10 do print(i) end
