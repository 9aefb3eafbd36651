print("start")
break
print("never")
