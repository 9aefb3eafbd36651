return "bom skipped"
