"""Home: one feature's modules."""
