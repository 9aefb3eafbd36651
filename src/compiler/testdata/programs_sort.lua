-- quicksort and helpers
local function partition(arr, lo, hi)
  local pivot = arr[hi]
  local i = lo - 1
  for j = lo, hi - 1 do
    if arr[j] <= pivot then
      i = i + 1
      arr[i], arr[j] = arr[j], arr[i]
    end
  end
  arr[i + 1], arr[hi] = arr[hi], arr[i + 1]
  return i + 1
end

local function quicksort(arr, lo, hi)
  lo = lo or 1
  hi = hi or #arr
  if lo < hi then
    local p = partition(arr, lo, hi)
    quicksort(arr, lo, p - 1)
    quicksort(arr, p + 1, hi)
  end
  return arr
end

local data = {5, 3, 8, 1, 9, 2}
quicksort(data)
print(table.concat(data, ", "))
