dofile("this/file/does/not/exist.lua")
