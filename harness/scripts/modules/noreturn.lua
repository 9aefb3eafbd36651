-- A module that returns nothing: require gives true.
NORETURN_RAN = (NORETURN_RAN or 0) + 1
