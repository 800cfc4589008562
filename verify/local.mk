# verify/: (filled in by the module)
