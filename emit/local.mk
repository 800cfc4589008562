# emit/: (filled in by the module)
