# parser/spec.mk: the spec loader (filled in by its author).
