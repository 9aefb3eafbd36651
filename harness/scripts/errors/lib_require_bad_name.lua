require({})
