for line in io.lines("/nonexistent/lua/test/file.txt") do print(line) end
