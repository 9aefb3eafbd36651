print("about to fail")
error({ code = 42 })
