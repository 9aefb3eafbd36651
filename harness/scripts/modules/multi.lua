-- A chunk for dofile: several results, and it sees globals.
DOFILE_RUNS = (DOFILE_RUNS or 0) + 1
return DOFILE_RUNS, "second", nil, "fourth"
