print(type(load("return 1")))
load(nil)
