local cfg = { name = "x" }
print(cfg.name.first.second)
