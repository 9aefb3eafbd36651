-- A false result is stored, but is not "loaded": the next require runs the file again.
RETURNS_FALSE_RUNS = (RETURNS_FALSE_RUNS or 0) + 1
return false
