print(tonumber("10", 99))
