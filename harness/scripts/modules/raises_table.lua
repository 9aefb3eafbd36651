error({reason = "table error from module"})
