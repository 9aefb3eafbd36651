#!shebang after a BOM
return "bom and shebang"
