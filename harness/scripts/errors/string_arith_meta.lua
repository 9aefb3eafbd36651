print("10" + "abc")
