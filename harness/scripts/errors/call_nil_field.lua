local lib = { present = print }
lib.absent(1)
