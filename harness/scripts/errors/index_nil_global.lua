print(undefined_table.field)
