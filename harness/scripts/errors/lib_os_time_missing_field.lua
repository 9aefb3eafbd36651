print(os.time({year = 2020, month = 5}))
