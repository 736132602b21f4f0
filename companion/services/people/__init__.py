"""People: one feature's modules."""
