print(os.date("!%Y-%m-%d", 0))
print(os.date("!%Y-%q", 0))
