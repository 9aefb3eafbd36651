-- X needs an option with a size after it.
print(string.pack("!4 b X", 1))
