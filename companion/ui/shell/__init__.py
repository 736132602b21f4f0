"""Shell: one feature's modules."""
