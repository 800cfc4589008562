# specs/: (filled in by the module)
