local a, b = 1, nil
if a < b then print("never") end
