local s = "plain"
s = 'single'
s = "esc\n\t\r\\\"\a\b\f\v"
s = "\0\1\127\128\255"
s = "\x41\u{48}\z
       continued"
s = [[long
string]]
s = [==[with ]] inside]==]
s = ""
s = "a very long string constant which is definitely longer than forty bytes"
print(s, "é")
