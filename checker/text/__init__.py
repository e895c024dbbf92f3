"""Small text utilities shared by readers, the parser and checks (no I/O, no judgement)."""
