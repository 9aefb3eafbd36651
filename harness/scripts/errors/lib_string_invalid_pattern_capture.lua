-- Closing a capture that was never opened.
print(string.gsub("a)b", "a)", "x"))
