-- String literals: every escape, long brackets of several levels, long comments.
print("tab:\t|", 'single \'quoted\'', "double \"quoted\"", "back\\slash")
print("bell\a|" == "bell\7|", "bs\b" == "bs\8", "ff\f" == "ff\12", "vt\v" == "vt\11")
print("cr\r" == "cr\13", "nl\n" == "nl\10", #"\a\b\f\n\r\t\v\\\"\'")
print("\65\066\0671", "\x41\x62\x7A", "\u{41}\u{E9}\u{20AC}\u{1F600}", #"\u{7FFFFFFF}")
print(#"\u{80}", #"\u{7FF}", #"\u{800}", #"\u{FFFF}", #"\u{10000}", #"\u{3FFFFFF}")
print("a\z
       b", "c\z   d", "line1\
line2")
print("nul:\0:end" == "nul:" .. "\0" .. ":end", #"\0\00\000", "\0651" == "A1")
print([[long
string]], [==[with ]] and ]=] inside]==], [=[
first newline skipped]=])
print([[]], [==[]==], #[[

]])
--[[ a long
comment ]] print("after long comment")
--[==[ another
]] still comment
]==] print("after level-2 comment")
---[[ not a long comment
print("line comment trick")
--]]
local s = [[
\n is not an escape here: \t \\ ]]
print(s, #s)
print("\x00\x01" == "\0\1", "\xff" == "\255", "\xFf" == "\255")
print('mixed "quotes" here', "and 'these'")
print(#"\z
      ", "x\z  \z  y")
local multi = "a\
b\
c"
print(multi, #multi)
