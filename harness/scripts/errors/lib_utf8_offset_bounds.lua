print(utf8.offset("abc", 1, 10))
