local a, t = ...
local r
r = -a
r = not a
r = #t
r = ~a
r = -1
r = - - 1
r = -1.5
r = ~1
r = ~1.0
r = ~1.5
r = not 1
r = not nil
r = not "s"
r = #"abc"
r = -t.x
r = #t.list
r = -(a + 1)
r = not (a == 1)
r = -a ^ 2
r = 2 ^ -a
r = -(-a)
r = - "2"
