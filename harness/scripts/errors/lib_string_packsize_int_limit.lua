-- Integral sizes are limited to 1..16 bytes.
print(string.packsize("i32"))
