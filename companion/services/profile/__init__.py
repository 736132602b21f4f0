"""Profile: one feature's modules."""
