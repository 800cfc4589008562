# parser/: (filled in by the module)
