local obj = {}
obj:m()
