print(utf8.char(72, -5))
