-- A capture opened but never closed.
print(string.match("key=value", "(%w+)=(%w+"))
