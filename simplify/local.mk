# simplify/: (filled in by the module)
