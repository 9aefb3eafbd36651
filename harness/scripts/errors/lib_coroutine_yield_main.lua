print("before")
coroutine.yield("nowhere to go")
