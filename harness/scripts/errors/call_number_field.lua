local t = { n = 5 }
t.n()
