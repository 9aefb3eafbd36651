-- The matcher's recursion is bounded (MAXCCALLS = 200): deep patterns fail cleanly.
local s = string.rep("a", 300)
for _, n in ipairs({10, 150, 198, 199, 200, 201, 300}) do
  print(n, pcall(string.find, s, string.rep("a?", n)))
end
for _, n in ipairs({198, 199, 200, 201}) do
  print(n, pcall(string.find, s, string.rep("a-", n)))
  print(n, pcall(string.find, s, string.rep("(a)", n)))
end
for _, n in ipairs({200, 250}) do
  print(n, pcall(string.find, s, string.rep("a*", n) .. "b"))
  print(n, pcall(string.find, s, string.rep("a*", n)))
end
print(pcall(string.match, s, string.rep("(a)", 32)) and "32 captures ok")
print(pcall(string.match, s, string.rep("a", 5000)))
print(pcall(string.match, s, string.rep("a", 300) .. "$"))
print(pcall(string.gsub, s, string.rep("a?", 250), ""))
print(pcall(string.gsub, s, string.rep("a?", 150), "<%0>"))
local deep = string.rep("%b()", 250)
print(pcall(string.find, string.rep("()", 250), deep))
print(pcall(string.find, string.rep("ab", 300), string.rep("%w", 600)))
print(pcall(string.find, string.rep("x", 2000), ".-y"))
